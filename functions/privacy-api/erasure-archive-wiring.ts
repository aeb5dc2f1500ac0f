import type { ArchiveEngine, CustomerKeyStore } from '#archive/ports.js';
import { InfrastructureError } from '#shared/errors.js';

/**
 * TEMPORARY seam of issue 15 (branch wip-erase), replaced when the branches merge: the erasure needs the
 * customer-keys store (H-arch: DynamoCustomerKeyStore over the customer-keys table) and the archive engine
 * (H-query: archiveEngineFromEnv). Until then the erasure Lambda and the CLI fail closed here: an erasure
 * stops before it changes anything (its first read is the customer's key) and answers 503, instead of
 * pretending the customer has nothing archived.
 */

/** The archive part of the erasure is not wired in this build. */
export class ErasureArchiveNotWiredError extends InfrastructureError {
  override readonly name = 'ErasureArchiveNotWiredError';
}

const notWired = (what: string): never => {
  throw new ErasureArchiveNotWiredError(`${what} is not wired in this build (issue 15): nothing was erased`);
};

/** Until merged: the hot window the erasure searches (DEFAULT_HOT_AUDIT_DAYS of shared/retention.ts). */
export const HOT_AUDIT_DAYS_UNTIL_WIRED = 35;

export const customerKeysNotWired = (): Pick<CustomerKeyStore, 'keysOf' | 'destroy'> => ({
  keysOf: async () => notWired('The customer-keys store'),
  destroy: async () => notWired('The customer-keys store'),
});

export const archiveEngineNotWired = (): ArchiveEngine => ({
  name: 'athena',
  run: async () => notWired('The archive engine'),
  close: async () => {},
});
