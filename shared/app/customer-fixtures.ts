import * as z from 'zod';
import {
  ConsentRecordSchema,
  type CustomerState,
  CustomerStateSchema,
  UNKNOWN_NOTICE_VERSION,
} from '#core/customer.js';

/**
 * The customer fixture file (contracts.md, "fixtures"): what `npm start -- --fixtures <file>`, `replay
 * --fixtures` and `simulate --fixtures` read (infra/local/input-files.ts), and what a simulation over HTTP
 * takes as text (POST /catalog/simulations). Validated completely before anything is loaded. Pure.
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

/** A fixture customer as the core sees it once loaded: a consent without a notice version is "unknown". */
export function customerOf(fixture: FixtureCustomer): CustomerState {
  return {
    ...fixture,
    consents: fixture.consents.map((c) => ({
      ...c,
      noticeVersion: c.noticeVersion ?? UNKNOWN_NOTICE_VERSION,
    })),
  };
}

export type FixturesParse =
  | { readonly ok: true; readonly customers: FixtureCustomer[] }
  | {
      readonly ok: false;
      /** `json`: the text is not JSON (nor, when allowed, JSON lines); `schema`: a customer is invalid. */
      readonly kind: 'json' | 'schema';
      /** One line per problem, e.g. "line 3, customers.0.birthDate: Invalid ISO date" (at most 20). */
      readonly problems: readonly string[];
    };

/** Line (1-based) where a customer id first appears in the text: good enough to point a person at it. */
function lineOfCustomer(text: string, customerId: unknown): number | undefined {
  if (typeof customerId !== 'string') return undefined;
  const at = text.indexOf(JSON.stringify(customerId));
  return at < 0 ? undefined : text.slice(0, at).split('\n').length;
}

/** JSON lines, one customer object each (blank lines skipped), with the line each came from. */
function jsonLines(text: string): { customers: unknown[]; lines: number[] } | { problems: string[] } {
  const customers: unknown[] = [];
  const lines: number[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      customers.push(JSON.parse(line));
      lines.push(i + 1);
    } catch {
      problems.push(`line ${i + 1}: expected a customer as one JSON object`);
    }
  });
  return problems.length > 0 ? { problems: problems.slice(0, 20) } : { customers, lines };
}

/**
 * The fixture file's text, validated completely: the contracts.md document `{ "customers": [...] }`, or
 * (`jsonLines`) one customer object per line. Every problem names the line and the field.
 */
export function parseCustomerFixtures(text: string, options: { jsonLines?: boolean } = {}): FixturesParse {
  let json: unknown;
  let lineOf: (index: number, customerId: unknown) => number | undefined = (_i, id) =>
    lineOfCustomer(text, id);
  try {
    json = JSON.parse(text);
  } catch (error) {
    const lines = options.jsonLines ? jsonLines(text) : undefined;
    if (lines === undefined || 'problems' in lines)
      return { ok: false, kind: 'json', problems: lines?.problems ?? [(error as Error).message] };
    json = { customers: lines.customers };
    lineOf = (index) => lines.lines[index];
  }
  if (options.jsonLines && typeof json === 'object' && json !== null && !('customers' in json))
    json = { customers: [json] };
  const parsed = CustomerFixtureFileSchema.safeParse(json);
  if (parsed.success) return { ok: true, customers: parsed.data.customers };
  const customers = (json as { customers?: Array<{ customerId?: unknown }> }).customers;
  const problems = parsed.error.issues.slice(0, 20).map((issue) => {
    const index = typeof issue.path[1] === 'number' ? issue.path[1] : undefined;
    const line = index === undefined ? undefined : lineOf(index, customers?.[index]?.customerId);
    const where = line === undefined ? '' : `line ${line}, `;
    return `${where}${issue.path.join('.') || '(file)'}: ${issue.message}`;
  });
  return { ok: false, kind: 'schema', problems };
}
