// Work in progress: replaced by the real handler in the pipeline issue.
export const handler = async (): Promise<void> => {};
