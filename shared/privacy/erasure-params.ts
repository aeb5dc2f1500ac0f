import * as z from 'zod';
import { CustomerIdSchema } from '#core/identifiers.js';

/**
 * The request of POST /privacy/customers/{customerId}/erasure as zod schemas: what the erasure handler
 * (functions/privacy-api/create-erasure-handler.ts) validates and the OpenAPI document describes.
 */

export const ErasurePathSchema = z.strictObject({ customerId: CustomerIdSchema });
/** The request carries no body; an empty JSON object is accepted too, anything else is named. */
export const ErasureBodySchema = z.strictObject({});

/**
 * The query string: `dryRun=true` previews the erasure (the same report, titled `dryRun: true`, nothing
 * changed); `false` or absent erases. Any other parameter is a 400 problem.
 */
export const ErasureQuerySchema = z.strictObject({
  dryRun: z.enum(['true', 'false']).optional().meta({
    description:
      'true: only preview what the erasure would remove, pseudonymise and keep (until when), changing nothing; false (default): erase',
  }),
});
