import { PutObjectCommand, type PutObjectCommandInput } from '@aws-sdk/client-s3';
import { ArchiveSinkError } from '#archive/errors.js';
import type { ArchiveObject, ArchiveSink } from '#archive/ports.js';

/** The media type of Parquet (registered with IANA in 2024). */
export const PARQUET_CONTENT_TYPE = 'application/vnd.apache.parquet';
/** The object tag the bucket's lifecycle rules expire by (`retention=<days>`), once the lock has passed. */
export const RETENTION_TAG = 'retention';

/** What the sink needs of an S3Client (unit tests inject a fake `send`). */
export interface S3Send {
  send(command: PutObjectCommand): Promise<unknown>;
}

/** The PutObject request of one archive object. */
export function putObjectInput(bucket: string, object: ArchiveObject): PutObjectCommandInput {
  const retentionDays = /\/(\d+)d-[^/]+\.parquet$/.exec(object.key)?.[1];
  if (retentionDays === undefined) throw new ArchiveSinkError(`Not an archive object key: ${object.key}`);
  return {
    Bucket: bucket,
    Key: object.key,
    Body: object.bytes,
    ContentType: PARQUET_CONTENT_TYPE,
    // Compliance mode: nobody, the root user included, can delete the version or shorten its lock.
    ObjectLockMode: 'COMPLIANCE',
    ObjectLockRetainUntilDate: object.retainUntil,
    // Object Lock requires an integrity checksum on the upload.
    ChecksumAlgorithm: 'SHA256',
    Tagging: `${RETENTION_TAG}=${retentionDays}`,
  };
}

/**
 * The archive in S3 (issue 15): every object is put with its Object Lock retention in compliance mode,
 * into the bucket whose default encryption (KMS) and lifecycle the stack sets. Writing a key again (a
 * redelivered stream batch) adds a version of the same rows, which the queries read once. Any failure is an
 * ArchiveSinkError: the stream batch fails and is retried.
 */
export class S3ArchiveSink implements ArchiveSink {
  constructor(
    private readonly client: S3Send,
    private readonly bucket: string,
  ) {}

  async put(object: ArchiveObject): Promise<void> {
    const input = putObjectInput(this.bucket, object);
    try {
      await this.client.send(new PutObjectCommand(input));
    } catch (error) {
      throw new ArchiveSinkError(`Putting the archive object ${object.key} failed`, { cause: error });
    }
  }
}
