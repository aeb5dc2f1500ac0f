#!/usr/bin/env node
import './node-notice.js';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CatalogInvalidError } from '#core/catalog/catalog.js';
import { AccessLogUnavailableError } from '#privacy/access-log.js';
import {
  AuditDataError,
  AuditRecordNotFoundError,
  InvalidCursorError,
  InvalidQueryError,
} from '#privacy/queries.js';
import { InfrastructureError } from '#shared/errors.js';
import { buildProgram } from './audit/program.js';
import { LocalRuntimeError } from './errors.js';

/**
 * `npm run audit -- <command>`: the privacy officers' queries and erasure against the local pipeline's
 * DynamoDB. The program and its commands live in ./audit/ (one file per command; where the data is found:
 * ./audit/target.ts). This file only runs the program and turns faults a person can act on into messages.
 */

/** Faults a person can act on: the message, exit code 1, no stack trace. */
function explainFailure(error: unknown): string | undefined {
  if (error instanceof LocalRuntimeError || error instanceof CatalogInvalidError) return error.message;
  if (error instanceof AuditRecordNotFoundError) return 'No decision or offer-withdrawal record has this id.';
  if (error instanceof InvalidCursorError) return `--cursor: ${error.message}`;
  if (error instanceof InvalidQueryError) return `${error.field}: expected ${error.expected}`;
  if (error instanceof AccessLogUnavailableError) {
    return `The audit access log could not be written, so nothing was read (${error.cause instanceof Error ? error.cause.message : 'unknown cause'}).`;
  }
  if (error instanceof InfrastructureError || error instanceof AuditDataError) {
    return `${error.message}${error.cause instanceof Error ? `: ${error.cause.message}` : ''}`;
  }
  return undefined;
}

export async function main(argv: readonly string[] = process.argv): Promise<void> {
  try {
    await buildProgram().parseAsync([...argv]);
  } catch (error) {
    const message = explainFailure(error);
    if (message === undefined) throw error;
    console.error(`error: ${message}`);
    process.exitCode = 1;
  }
}

// Run when executed (npm run audit); importing the module (tests) runs nothing.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await main();
}
