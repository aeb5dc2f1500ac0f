import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { FolderArchiveSink } from '#adapters/archive/fs-sink.js';
import { PARQUET_CONTENT_TYPE, S3ArchiveSink } from '#adapters/archive/s3-sink.js';
import { ArchiveSinkError } from '#archive/errors.js';
import type { ArchiveObject } from '#archive/ports.js';

const root = mkdtempSync(join(tmpdir(), 'sinks-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const object = (bytes: number[]): ArchiveObject => ({
  key: 'decisions/record_day=2026-11-30/730d-abc.parquet',
  dataset: 'decisions',
  bytes: new Uint8Array(bytes),
  retainUntil: new Date('2028-12-01T00:00:00.000Z'),
});

describe('FolderArchiveSink', () => {
  it('writes the layout, replaces a key written again, and leaves no temporary file', async () => {
    const sink = new FolderArchiveSink(root);
    await sink.put(object([1, 2, 3]));
    await sink.put(object([4, 5]));
    const dir = join(root, 'decisions', 'record_day=2026-11-30');
    expect(readdirSync(dir)).toEqual(['730d-abc.parquet']);
    expect([...readFileSync(join(dir, '730d-abc.parquet'))]).toEqual([4, 5]);
  });

  it('refuses a key outside its folder', async () => {
    await expect(
      new FolderArchiveSink(root).put({ ...object([1]), key: '../escape.parquet' }),
    ).rejects.toThrow(ArchiveSinkError);
  });
});

describe('S3ArchiveSink', () => {
  it('puts the object locked in compliance mode, with a checksum, its retention tag and type', async () => {
    const sent: unknown[] = [];
    const sink = new S3ArchiveSink(
      {
        send: async (command: PutObjectCommand) => {
          sent.push(command);
          return {};
        },
      },
      'archive-bucket',
    );
    await sink.put(object([1]));
    const [command] = sent;
    expect(command).toBeInstanceOf(PutObjectCommand);
    expect((command as PutObjectCommand).input).toMatchObject({
      Bucket: 'archive-bucket',
      Key: 'decisions/record_day=2026-11-30/730d-abc.parquet',
      ContentType: PARQUET_CONTENT_TYPE,
      ObjectLockMode: 'COMPLIANCE',
      ObjectLockRetainUntilDate: new Date('2028-12-01T00:00:00.000Z'),
      ChecksumAlgorithm: 'SHA256',
      Tagging: 'retention=730',
    });
  });

  it('reports a failed put as ArchiveSinkError', async () => {
    const sink = new S3ArchiveSink(
      {
        send: async () => {
          throw new Error('AccessDenied');
        },
      },
      'b',
    );
    await expect(sink.put(object([1]))).rejects.toThrow(ArchiveSinkError);
  });
});
