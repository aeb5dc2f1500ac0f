import type { SensitiveRules } from '#core/sensitive.js';
import type { Offer, Trigger, TriggerDefinition } from './catalog.js';
import { type ConditionContext, compileCondition } from './condition.js';
import { checkCondition } from './condition-check.js';
import { explanationIssues } from './explanation-lint.js';
import type { CatalogIssues } from './issues.js';
import { type Entry, idOf, validId } from './parse-entries.js';
import { describeFound } from './problems.js';
import { TriggerFileSchema } from './schemas.js';
import { lintCondition } from './sensitive-lint.js';
import { zodIssues } from './zod-issues.js';

function baseName(file: string): string {
  return file.slice(file.lastIndexOf('/') + 1);
}

const quoted = (values: Iterable<string>): string => [...values].map((v) => JSON.stringify(v)).join(', ');

export interface TriggerContext extends ConditionContext {
  readonly offers: ReadonlyMap<string, Offer>;
  readonly declaredOffers: ReadonlySet<string> | undefined;
  readonly offersFile: string;
  readonly sensitive: SensitiveRules;
}

/**
 * Fields a trigger once carried and must no longer: an approval written in the file proves nothing
 * (issue 12). Reported with their own problem rather than as unknown keys, and left out of the schema
 * check so the author hears one clear sentence per field.
 */
const RETIRED_FIELDS: ReadonlyMap<string, string> = new Map([
  [
    'approvedBy',
    'approvals are recorded by the catalog lifecycle (npm run triggers -- approve), never written in a trigger; remove this field',
  ],
  [
    'approvedAt',
    'the approval time is recorded by the catalog lifecycle (npm run triggers -- approve), never written in a trigger; remove this field',
  ],
]);

function withoutRetiredFields(content: unknown, file: string, issues: CatalogIssues): unknown {
  if (typeof content !== 'object' || content === null || Array.isArray(content)) return content;
  const rest: Record<string, unknown> = { ...content };
  for (const [field, expected] of RETIRED_FIELDS) {
    if (!Object.hasOwn(rest, field)) continue;
    issues.add(file, { path: [field], onKey: true, expected });
    delete rest[field];
  }
  return rest;
}

/** Checks one trigger completely (schema, condition, lint, cross-references); compiles it when valid. */
export function parseTrigger(entry: Entry, ctx: TriggerContext, issues: CatalogIssues): Trigger | undefined {
  const { file } = entry;
  const before = issues.count;
  const content = withoutRetiredFields(entry.content, file, issues);
  const result = TriggerFileSchema.safeParse(content);
  if (!result.success) issues.add(file, zodIssues(TriggerFileSchema, content, result.error));
  const raw = typeof content === 'object' && content !== null && !Array.isArray(content) ? content : {};
  const fields = raw as Record<string, unknown>;
  const condition = fields.condition;
  // A missing condition is already reported by the schema; anything present is checked field by field.
  const conditionOk = condition !== undefined && checkCondition(condition, ctx, issues.for(file));
  // The sensitive lint runs on every trigger, valid or not, so an author hears about both at once.
  const lint = lintCondition(condition, ['condition'], ctx.sensitive);
  issues.add(
    file,
    lint.findings.map((finding) => ({ path: finding.path, expected: finding.message })),
  );
  if (lint.freeText.length > 0 && idOf(raw, 'textMatchJustification', 2000) === undefined) {
    issues.add(file, {
      path: ['textMatchJustification'],
      expected:
        `a reason, because ${lint.freeText.join(', ')} ${lint.freeText.length === 1 ? 'matches' : 'match'} ` +
        'a name or reference (free text): ' +
        'say why the text is needed and what it cannot reveal',
      found: describeFound(fields.textMatchJustification),
    });
  }
  // The customer-facing explanation: the sensitive lint, and nothing that could reveal the payment.
  issues.add(file, explanationIssues(fields.explanation, condition, ctx.sensitive));
  // Cross-checks run whenever the value they need is there, whatever else is wrong with the trigger.
  const id = validId(raw, 'id');
  // Only a file is named after its trigger; a governed version is labelled "trigger:<id>@<version>"
  // (shared/core/governance/snapshot.ts) and carries its id as data.
  if (id !== undefined && file.endsWith('.json') && baseName(file) !== `${id}.json`) {
    issues.add(file, {
      path: ['id'],
      expected: `the file's name without .json (or the file to be called "${id}.json")`,
      found: JSON.stringify(id),
    });
  }
  if (Array.isArray(fields.eventTypes)) {
    const types: unknown[] = fields.eventTypes;
    types.forEach((type, index) => {
      if (typeof type === 'string' && types.indexOf(type) !== index) {
        issues.add(file, {
          path: ['eventTypes', index],
          expected: 'each event type once',
          found: `${JSON.stringify(type)} a second time`,
        });
      }
    });
  }
  const offerId = validId(raw, 'offerId');
  if (offerId !== undefined && ctx.declaredOffers !== undefined && !ctx.declaredOffers.has(offerId)) {
    issues.add(file, {
      path: ['offerId'],
      expected: `an offer id defined in ${ctx.offersFile} (${ctx.declaredOffers.size === 0 ? 'it defines none' : quoted(ctx.declaredOffers)})`,
      found: JSON.stringify(offerId),
    });
  }
  const offer = offerId === undefined ? undefined : ctx.offers.get(offerId);
  if (!result.success || !conditionOk || offer === undefined || issues.count > before) return undefined;

  const definition: TriggerDefinition = { ...result.data, condition };
  const matcher = compileCondition(definition.condition, ctx);
  const offered = offer.productCode;
  return {
    ...definition,
    file,
    offer,
    // Duty of care: never offer what the customer already holds, whatever the trigger author wrote.
    matches: (event, holdings) => !holdings.has(offered) && matcher(event, holdings),
  };
}
