import * as z from 'zod';

/**
 * The console's deployment settings (issue 14, ./console.ts): the prefix of its Cognito sign-in domain
 * (`https://<prefix>.auth.<region>.amazoncognito.com`), unique within the region. Absent:
 * `offer-console-<environment>-<account id>`.
 */
export const consoleSettingsSchema = z
  .strictObject({
    domainPrefix: z
      .string({ error: 'expected the Cognito domain prefix (text)' })
      .regex(
        /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
        'expected 1-63 lower-case letters, digits and hyphens, not starting or ending with a hyphen',
      )
      .refine((prefix) => !/aws|amazon|cognito/.test(prefix), {
        message: 'expected a prefix without "aws", "amazon" or "cognito" (Cognito reserves them)',
      })
      .optional(),
  })
  .optional();
