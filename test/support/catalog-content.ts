import type { CatalogInput } from '#core/catalog/catalog.js';
import { SEED_CATALOG_INPUT } from '#core/catalog/seed.js';

/**
 * What every trigger written by a test needs besides its own fields, so a test states only what it is
 * about. The explanation passes the explanation lint (shared/core/catalog/explanation-lint.ts).
 */
export const TEST_EXPLANATION = {
  nl: 'Je ziet dit aanbod omdat het past bij een betaling van je.',
  en: 'You see this offer because it fits a payment you made.',
} as const;

/** A trigger's required fields other than id, eventTypes, offerId and condition. */
export const TEST_TRIGGER_FIELDS = {
  version: 1,
  description: 'Test trigger.',
  purpose: 'test',
  legalBasis: 'test',
  compatibility: {
    linkToOriginalPurpose: 'test',
    howObtained: 'test',
    sensitivity: 'test',
    consequences: 'test',
    safeguards: 'test',
  },
  explanation: TEST_EXPLANATION,
} as const;

/** The seed catalog's input with one trigger file's content changed (a deep copy: the seed is untouched). */
export function seedWithTrigger(
  file: string,
  change: (trigger: Record<string, unknown>) => void,
): CatalogInput {
  const triggers = SEED_CATALOG_INPUT.triggers.map((t) => {
    const content = structuredClone(t.content) as Record<string, unknown>;
    if (t.file === file) change(content);
    return { file: t.file, content };
  });
  return { ...SEED_CATALOG_INPUT, triggers };
}
