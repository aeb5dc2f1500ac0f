import * as z from 'zod';
import { nonEmpty } from '#config/env.js';

/** Physical table names, from the environment the stack (or the local runtime) sets. */
export const TableNamesEnv = z.object({
  CUSTOMERS_TABLE: nonEmpty('the customers table name'),
  CONTACT_POLICY_TABLE: nonEmpty('the contact-policy table name'),
  AUDIT_TABLE: nonEmpty('the audit table name'),
  OFFERS_TABLE: nonEmpty('the offers table name'),
});

export interface TableNames {
  readonly customers: string;
  readonly contactPolicy: string;
  readonly audit: string;
  readonly offers: string;
}

export function tableNamesFrom(env: z.output<typeof TableNamesEnv>): TableNames {
  return {
    customers: env.CUSTOMERS_TABLE,
    contactPolicy: env.CONTACT_POLICY_TABLE,
    audit: env.AUDIT_TABLE,
    offers: env.OFFERS_TABLE,
  };
}

/** Sort keys of the customers table: one item for the profile, one for the current consents. */
export const CUSTOMER_SK = { profile: 'PROFILE', consents: 'CONSENTS' } as const;
