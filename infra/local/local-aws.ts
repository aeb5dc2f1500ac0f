/** Region and dummy credentials for the local emulators; they accept any key. */
export const LOCAL_REGION = 'eu-west-1';
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;
export const LOCAL_ACCOUNT_ID = '123456789012';
