/**
 * The offer catalog's types: offers, triggers (as written and as compiled) and the catalog itself.
 * Parse with ./parse.ts, load a folder with shared/config/catalog-folder.ts, or use the embedded ./seed.ts.
 */
import type { ProductCode } from '#core/customer.js';
import type { EventType, PaymentEvent } from '#core/payment-event.js';
import type { Condition, Matcher } from './condition.js';
import { type CatalogProblem, formatProblem } from './problems.js';

export type { CatalogProblem } from './problems.js';

export const OFFER_CATEGORIES = ['account', 'savings', 'insurance', 'credit'] as const;
export type OfferCategory = (typeof OFFER_CATEGORIES)[number];

/** The Dutch mandatory credit warning (Wft/BGfo): every credit offer carries exactly this disclosure. */
export const CREDIT_WARNING = 'Let op! Geld lenen kost geld';

/** A product the bank offers (catalog/products.json): its code is what offers and holdings name. */
export interface Product {
  readonly code: ProductCode;
  readonly description: string;
}

export interface Offer {
  readonly offerId: string;
  readonly productCode: ProductCode;
  readonly category: OfferCategory;
  readonly text: string;
  readonly disclosures: readonly string[];
  /** How long an emitted offer stays available to the banner service. */
  readonly validityDays: number;
  /** How long after emitting this offer the same customer may not be offered it again. */
  readonly cooldownDays: number;
}

/**
 * Purpose binding (domain.md point 6): why using payment data for this trigger is compatible with the
 * purpose for which the bank collected it, in the terms of the bank's privacy statement.
 */
export interface Compatibility {
  readonly linkToOriginalPurpose: string;
  readonly howObtained: string;
  readonly sensitivity: string;
  readonly consequences: string;
  readonly safeguards: string;
}

/** One customer-facing sentence per language (GDPR art. 12-14 transparency). */
export interface Explanation {
  readonly nl: string;
  readonly en: string;
}

/**
 * A trigger as written in catalog/triggers/<id>.json. It carries no approval: who approved which version
 * is recorded by the catalog lifecycle (shared/core/governance), never written in the trigger.
 */
export interface TriggerDefinition {
  readonly id: string;
  /** Bumped on every change; recorded in every decision the trigger takes part in. */
  readonly version: number;
  readonly description: string;
  /** The event types the trigger can fire on; the catalog index skips it for all others. */
  readonly eventTypes: readonly EventType[];
  readonly purpose: string;
  readonly legalBasis: string;
  readonly compatibility: Compatibility;
  /** Reference of the data protection impact assessment, when there is one; shown to the approver. */
  readonly dpiaReference?: string;
  readonly offerId: string;
  /** Required when a condition matches a name or reference (./sensitive-lint.ts); shown to the approver. */
  readonly textMatchJustification?: string;
  /**
   * When several offers pass their gates for one payment the highest wins, ties by trigger id
   * (contracts.md); absent means 0 (triggerPriority). Used by decide()'s arbitration (../arbitration.ts).
   */
  readonly priority?: number;
  /**
   * Why the offer appears: one short customer-facing sentence per language, required, passed through the
   * sensitive lint and refused when it could reveal the payment (./explanation-lint.ts).
   */
  readonly explanation: Explanation;
  readonly condition: Condition;
}

/** A trigger's priority, 0 when it states none. */
export function triggerPriority(trigger: Pick<TriggerDefinition, 'priority'>): number {
  return trigger.priority ?? 0;
}

/** A validated trigger, linked to its offer, with its condition compiled. */
export interface Trigger extends TriggerDefinition {
  readonly file: string;
  readonly offer: Offer;
  /**
   * The compiled condition, plus the catalog-wide rule that nobody is offered a product they already
   * hold. Does not check the event type: the index (triggersByEventType) already did.
   */
  readonly matches: Matcher;
}

export interface Catalog {
  readonly version: string;
  /** Sorted by id: the order in which a decision evaluates matched triggers. */
  readonly triggers: readonly Trigger[];
  readonly offers: ReadonlyMap<string, Offer>;
  /** Every product the catalog knows, by code: what offers and holds/holdsAny/holdsNone may name. */
  readonly products: ReadonlyMap<string, Product>;
  readonly regions: ReadonlyMap<string, ReadonlySet<string>>;
  /** Every event type has an entry (possibly empty), each sorted by trigger id. */
  readonly triggersByEventType: ReadonlyMap<EventType, readonly Trigger[]>;
  /**
   * The triggers that could fire on this event, sorted by id: those of its type, minus those whose
   * required merchant category, country or currency the event does not carry (./trigger-index.ts).
   * Reads only the event.
   */
  readonly candidates: (event: PaymentEvent) => readonly Trigger[];
}

export interface CatalogInput {
  readonly catalog: unknown;
  readonly offers: unknown;
  readonly regions: unknown;
  /** products.json: `{"products": {"<code>": {"description": "..."}}}` (issue 12: product codes are data). */
  readonly products: unknown;
  readonly triggers: ReadonlyArray<{ readonly file: string; readonly content: unknown }>;
}

export type ParseCatalogResult =
  | { readonly ok: true; readonly catalog: Catalog }
  | {
      readonly ok: false;
      /** Every problem of every file, sorted by file, line and column. */
      readonly problems: readonly CatalogProblem[];
      /** The same, one line each: "file:line:column: field: expected ..., got ...". */
      readonly errors: readonly string[];
    };

/**
 * A catalog that failed validation. `problems` lists every problem of every file (file, line, column,
 * field, expected, found); `errors` and the message give them one per line, so every place that prints
 * the error (the CLIs, a Lambda's failed init) shows the full list.
 */
export class CatalogInvalidError extends Error {
  override readonly name = 'CatalogInvalidError';
  readonly errors: readonly string[];
  constructor(readonly problems: readonly CatalogProblem[]) {
    const errors = problems.map(formatProblem);
    super(
      `The offer catalog is invalid (${errors.length} problem${errors.length === 1 ? '' : 's'}):\n${errors.join('\n')}`,
    );
    this.errors = errors;
  }
}
