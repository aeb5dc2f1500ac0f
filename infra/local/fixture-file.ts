import * as z from 'zod';
import { ConsentRecordSchema, CustomerStateSchema } from '#core/customer.js';

/**
 * The customer fixture file (contracts.md, "fixtures"): what `npm start -- --fixtures <file>` and
 * `replay --fixtures` read (./input-files.ts). Validated completely before anything is loaded.
 */

/**
 * A customer as a fixture gives it. A withdrawal or objection may omit its notice version (recorded as
 * unknown: it only restricts); a grant may not, since the notice the customer agreed to is what proves the
 * consent informed (GDPR art. 7(1)): a grant without it is refused, never loaded as consent.
 */
export const FixtureCustomerSchema = CustomerStateSchema.extend({
  consents: z.array(
    ConsentRecordSchema.extend({
      noticeVersion: ConsentRecordSchema.shape.noticeVersion.optional(),
    }).superRefine((consent, ctx) => {
      if (consent.status === 'granted' && consent.noticeVersion === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['noticeVersion'],
          message:
            'required for a grant: the version of the notice the customer agreed to (proof of informed consent, GDPR art. 7(1))',
        });
      }
    }),
  ),
});
export type FixtureCustomer = z.infer<typeof FixtureCustomerSchema>;

export const CustomerFixtureFileSchema = z
  .object({ customers: z.array(FixtureCustomerSchema) })
  .superRefine((file, ctx) => {
    const firstIndex = new Map<string, number>();
    file.customers.forEach((customer, index) => {
      const first = firstIndex.get(customer.customerId);
      if (first === undefined) {
        firstIndex.set(customer.customerId, index);
        return;
      }
      ctx.addIssue({
        code: 'custom',
        path: ['customers', index, 'customerId'],
        message: `duplicate customerId, first used at customers[${first}]`,
      });
    });
  });
export type CustomerFixtureFile = z.infer<typeof CustomerFixtureFileSchema>;
