import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A catalog folder with several broken files, as text (kept here rather than as .json files so that the
 * formatter leaves the broken JSON alone and every line and column below stays where the tests expect it).
 * Each file's problems are listed in BROKEN_CATALOG_PROBLEMS, in the order a run reports them.
 */

const CATALOG = `{
  "version": "2026-11-30.1"
}
`;

const REGIONS = `{
  "regions": {
    "european-cover-area": {
      "description": "Benelux, for the test",
      "countries": ["NL", "BE", "LU"]
    }
  }
}
`;

// offers[1]: a category that does not exist; offers[2]: no cooldownDays; offers[3]: savings-account again.
const OFFERS = `{
  "offers": [
    {
      "offerId": "savings-account",
      "productCode": "savings-account",
      "category": "savings",
      "text": "Spaar met een spaarrekening.",
      "disclosures": [],
      "validityDays": 30,
      "cooldownDays": 180
    },
    {
      "offerId": "travel-insurance",
      "productCode": "travel-insurance-europe",
      "category": "travel",
      "text": "Reis zorgeloos.",
      "disclosures": [],
      "validityDays": 14,
      "cooldownDays": 90
    },
    {
      "offerId": "credit-card",
      "productCode": "credit-card",
      "category": "credit",
      "text": "Een creditcard. Let op! Geld lenen kost geld",
      "disclosures": ["Let op! Geld lenen kost geld"],
      "validityDays": 14
    },
    {
      "offerId": "savings-account",
      "productCode": "savings-account",
      "category": "savings",
      "text": "Nog eens.",
      "disclosures": [],
      "validityDays": 30,
      "cooldownDays": 180
    }
  ]
}
`;

const COMMON = `  "description": "A test trigger.",
  "purpose": "transaction-offers: a test.",
  "legalBasis": "GDPR art. 6(1)(a).",
  "compatibility": {
    "linkToOriginalPurpose": "Test.",
    "howObtained": "Test.",
    "sensitivity": "Test.",
    "consequences": "Test.",
    "safeguards": "Test."
  },
  "approvedAt": "2026-11-30",`;

/** Lines 1-3 then COMMON (11 lines, 4-14), then the rest. */
function trigger(head: string, tail: string): string {
  return `{\n${head}\n${COMMON}\n${tail}\n}\n`;
}

// No approvedBy (a missing field: reported at the object); "card_pay" is no event type.
const HIGH_BALANCE = trigger(
  `  "id": "high-balance-savings",
  "version": 1,
  "eventTypes": ["transfer_in", "card_pay"],`,
  `  "offerId": "savings-account",
  "condition": { "field": "balanceAfter.minor", "gte": 2500000 }`,
);

// An offer offers.json does not define.
const CARD_ABROAD = trigger(
  `  "id": "card-abroad-worldwide-cover",
  "version": 2,
  "eventTypes": ["card_payment"],`,
  `  "approvedBy": "Privacy Officer",
  "offerId": "moon-cover",
  "condition": { "field": "merchant.country", "notInRegion": "european-cover-area" }`,
);

// Aimed at hospitals (a sensitive MCC), nested in an "all".
const LARGE_PURCHASE = trigger(
  `  "id": "large-purchase-credit-card",
  "version": 1,
  "eventTypes": ["card_payment"],`,
  `  "approvedBy": "Privacy Officer",
  "offerId": "credit-card",
  "condition": {
    "all": [
      { "field": "amount.minor", "gte": 100000 },
      { "field": "merchant.mcc", "in": ["5732", "8062"] }
    ]
  }`,
);

// The id of another file (and not its own file's name).
const COPY = trigger(
  `  "id": "high-balance-savings",
  "version": 1,
  "eventTypes": ["transfer_in"],`,
  `  "approvedBy": "Privacy Officer",
  "offerId": "savings-account",
  "condition": { "holdsNone": ["savings-account"] }`,
);

// Not JSON: a trailing comma in a list and a missing colon. The rest of the file is not checked.
const TICKET = `{
  "id": "ticket-travel-insurance",
  "version": 1,
  "eventTypes": ["card_payment",],
  "offerId" "travel-insurance"
}
`;

export const BROKEN_CATALOG_FILES: ReadonlyMap<string, string> = new Map([
  ['catalog.json', CATALOG],
  ['regions.json', REGIONS],
  ['offers.json', OFFERS],
  ['triggers/card-abroad-worldwide-cover.json', CARD_ABROAD],
  ['triggers/high-balance-copy.json', COPY],
  ['triggers/high-balance-savings.json', HIGH_BALANCE],
  ['triggers/large-purchase-credit-card.json', LARGE_PURCHASE],
  ['triggers/ticket-travel-insurance.json', TICKET],
]);

/**
 * Every problem of the folder, as printed (the folder name first), sorted by file then line. Positions:
 * a value's own node; a missing field's object; an unknown or repeated field's name.
 */
export function brokenCatalogProblems(folder: string): string[] {
  return [
    `${folder}/offers.json:15:19: offers[1].category: expected one of "account", "savings", "insurance", "credit", got "travel"`,
    `${folder}/offers.json:21:5: offers[2].cooldownDays: required, a whole number of days from 0 to 365; missing`,
    `${folder}/offers.json:30:18: offers[3].offerId: expected an offer id not used by another offer, got "savings-account", already the id of offers[0]`,
    `${folder}/triggers/card-abroad-worldwide-cover.json:17:14: offerId: expected an offer id defined in ${folder}/offers.json ("savings-account", "travel-insurance", "credit-card"), got "moon-cover"`,
    `${folder}/triggers/high-balance-copy.json:2:9: id: expected the file's name without .json (or the file to be called "high-balance-savings.json"), got "high-balance-savings"`,
    `${folder}/triggers/high-balance-savings.json:1:1: approvedBy: required, the name of the approving privacy officer (at most 200 characters); missing`,
    `${folder}/triggers/high-balance-savings.json:2:9: id: expected a trigger id not used by another trigger, got "high-balance-savings", already defined in ${folder}/triggers/high-balance-copy.json`,
    `${folder}/triggers/high-balance-savings.json:4:33: eventTypes[1]: expected one of "card_payment", "atm_withdrawal", "transfer_in", "transfer_out", "direct_debit", got "card_pay"`,
    `${folder}/triggers/large-purchase-credit-card.json:21:49: condition.all[1].in[1]: "8062" targets health (art. 9)`,
    `${folder}/triggers/ticket-travel-insurance.json:4:33: eventTypes[1]: expected a value (a text in "double quotes", a number, true, false, null, {...} or [...]) after the comma (JSON allows no comma before "]" or "}"), got \`]\``,
    `${folder}/triggers/ticket-travel-insurance.json:5:13: offerId: expected a ":" after the field name, got \`"travel-insurance"\``,
  ];
}

/** Writes the folder under `root` as `<root>/<name>` and returns its path. */
export function writeBrokenCatalog(root: string, name = 'catalog'): string {
  const folder = join(root, name);
  mkdirSync(join(folder, 'triggers'), { recursive: true });
  for (const [file, text] of BROKEN_CATALOG_FILES) writeFileSync(join(folder, file), text);
  return folder;
}
