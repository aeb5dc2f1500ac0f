/**
 * Construct ids derived from the logical names in infra/definitions.ts.
 *
 * The ids decide the CloudFormation logical ids, so they must stay stable: renaming a table in the
 * definitions replaces the table in AWS (the old one is retained, because customer-data tables use
 * RemovalPolicy.RETAIN, but it is no longer the one the functions use).
 */

/** `contact-policy` -> `ContactPolicy`, `offer-suggestions` -> `OfferSuggestions`. */
export function pascalCase(name: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter((w) => w.length > 0);
  if (words.length === 0) throw new Error(`Cannot derive a construct id from the name "${name}"`);
  return words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

export const tableId = (name: string): string => `${pascalCase(name)}Table`;
export const queueId = (name: string): string => `${pascalCase(name)}Queue`;
export const deadLetterQueueId = (name: string): string => `${pascalCase(name)}Dlq`;
export const functionId = (name: string): string => `${pascalCase(name)}Function`;
