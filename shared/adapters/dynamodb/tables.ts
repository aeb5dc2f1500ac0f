/** Physical table names of the evaluate path (the handler reads them from its env: shared/config/function-env.ts). */
export interface TableNames {
  readonly customers: string;
  readonly contactPolicy: string;
  readonly audit: string;
  readonly offers: string;
}

/** Sort keys of the customers table: one item for the profile, one for the current consents. */
export const CUSTOMER_SK = { profile: 'PROFILE', consents: 'CONSENTS' } as const;
