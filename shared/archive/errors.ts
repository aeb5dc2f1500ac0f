import { InfrastructureError } from '#shared/errors.js';

/**
 * The archive's infrastructure faults (issue 15): each fails the stream batch (retried, then sent to the
 * stream's failure destination) or the query that needed the archive. Messages name tables, keys of objects
 * and counts, never a customer.
 */

/** The customer-keys table could not be read or written (ports.ts CustomerKeyStore). */
export class CustomerKeyStoreError extends InfrastructureError {
  override readonly name = 'CustomerKeyStoreError';
}

/** An archive object could not be written (S3 or the local folder). */
export class ArchiveSinkError extends InfrastructureError {
  override readonly name = 'ArchiveSinkError';
}

/** A row needs a customer key that the key store did not give (it must create missing ones). */
export class ArchiveKeyError extends InfrastructureError {
  override readonly name = 'ArchiveKeyError';
}
