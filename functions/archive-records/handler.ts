import { S3Client } from '@aws-sdk/client-s3';
import { FolderArchiveSink } from '#adapters/archive/fs-sink.js';
import { S3ArchiveSink } from '#adapters/archive/s3-sink.js';
import { DynamoCustomerKeyStore } from '#adapters/dynamodb/customer-key-store.js';
import type { ArchiveSink } from '#archive/ports.js';
import { readFunctionEnv } from '#config/function-env.js';
import { documentClient } from '#functions/handler-kit/aws-clients.js';
import { observability } from '#functions/handler-kit/powertools.js';
import { archiveRecords } from '#infra/definitions/functions.js';
import { ConfigurationError } from '#shared/errors.js';
import { createHandler } from './create-handler.js';

// Cold start: the environment its definition gives the function is read and validated once.
const { tables, settings } = readFunctionEnv(archiveRecords);

/** The bucket in AWS (the stack sets ARCHIVE_BUCKET), else the local folder (the local runtime sets ARCHIVE_DIR). */
function sinkFromEnv(): ArchiveSink {
  if (settings.ARCHIVE_BUCKET !== undefined)
    return new S3ArchiveSink(new S3Client({}), settings.ARCHIVE_BUCKET);
  if (settings.ARCHIVE_DIR) return new FolderArchiveSink(settings.ARCHIVE_DIR);
  throw new ConfigurationError('archive-records needs ARCHIVE_BUCKET (in AWS) or ARCHIVE_DIR (locally)');
}

export const handler = createHandler({
  ...observability(archiveRecords.name),
  keys: new DynamoCustomerKeyStore(documentClient(), tables['customer-keys']),
  sink: sinkFromEnv(),
});
