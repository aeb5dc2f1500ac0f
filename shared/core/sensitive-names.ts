import {
  FIRST_NAMES,
  PERSON_NAME_PARTS,
  STREET_BEFORE,
  STREET_WORDS,
  SURNAME_WORDS,
  VENUE_ARTICLES,
} from '#data/sensitive-lexicon/lookalikes.js';

/**
 * Where a sensitive word in a counterparty text is part of a name rather than the organisation it names:
 * a street ("Kerkstraat"), a person's surname ("R. Dokter"), a venue after an article ("Café De Apotheek").
 * `padded` is the normalised text with a space before and after.
 */

const SPACED_STREET_WORDS = STREET_WORDS.filter((word) => word.length > 3).map((word) => ` ${word} `);

/** True when the hit is part of a street name: "Kerkstraat", "Church Street", "Rue de l'Église". */
export function inStreetName(padded: string, start: number, end: number): boolean {
  if (padded.charCodeAt(end) !== 0x20) {
    for (const word of STREET_WORDS) {
      if (padded.startsWith(word, end)) {
        const after = padded.charCodeAt(end + word.length);
        if (after === 0x20 || (after >= 0x30 && after <= 0x39)) return true;
      }
    }
  } else {
    for (const word of SPACED_STREET_WORDS) if (padded.startsWith(word, end)) return true;
  }
  return start > 1 && STREET_BEFORE.test(padded.slice(Math.max(0, start - 16), start));
}

const SURNAMES: ReadonlySet<string> = new Set(SURNAME_WORDS);
const NAME_PARTS: ReadonlySet<string> = new Set(PERSON_NAME_PARTS);
const GIVEN_NAMES: ReadonlySet<string> = new Set(FIRST_NAMES);
const ARTICLE_ENDINGS: readonly string[] = VENUE_ARTICLES.map((article) => ` ${article} `);

/**
 * Where a person's surname starts in `padded` when the whole text is a person's name whose surname is
 * a sensitive word ("R. Dokter", "Kees Kapelaan", "Dhr. H. Apotheker"), else -1. Initials or a first
 * name must stand before it; titles and particles may ("Fam. van der Kerk").
 */
export function personSurnameStart(padded: string): number {
  const words = padded.trim().split(' ');
  const surname = words[words.length - 1];
  if (words.length < 2 || words.length > 5 || surname === undefined || !SURNAMES.has(surname)) return -1;
  let named = false;
  for (const word of words.slice(0, -1)) {
    if (word.length === 1 || GIVEN_NAMES.has(word)) named = true;
    else if (!NAME_PARTS.has(word)) return -1;
  }
  return named ? padded.length - 1 - surname.length : -1;
}

/** True when the hit directly follows an article: "Café De Apotheek", "Café du Tribunal". */
export function afterArticle(padded: string, start: number): boolean {
  if (padded.charCodeAt(start - 1) !== 0x20) return false;
  const before = padded.slice(Math.max(0, start - 8), start);
  return ARTICLE_ENDINGS.some((article) => before.endsWith(article) || ` ${before}`.endsWith(article));
}
