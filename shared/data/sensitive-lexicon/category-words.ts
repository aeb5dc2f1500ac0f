import type { CounterpartyRule } from './types.js';

/**
 * Words that name a category rather than an entity ("gezondheid", "religion", "Gewerkschaft"). They are
 * too broad for the run-time screen (a payment reference "health check auto" is no health data), but a
 * trigger that matches them on a name or reference is aiming at the category: the design-time lint
 * refuses it.
 */
// biome-ignore format: lexicon data, dense lines read better than one term per line
export const CATEGORY_WORD_RULES: readonly CounterpartyRule[] = [
  {
    id: 'category-words-health', category: 'health', source: 'Category vocabulary (NL/EN/DE/FR).',
    stems: ['gezondheid', 'gesundheit', 'ziekte', 'krankheit', 'maladie', 'illness', 'disease', 'patient', 'medicijn', 'medicine', 'medikament', 'medicament', 'geneesmiddel', 'arzneimittel', 'recept', 'prescription', 'ordonnance', 'behandeling', 'treatment', 'mentale', 'psych', 'verslaafd', 'addict'],
    words: ['zorg', 'care', 'health', 'sante', 'soins', 'pflege', 'arts', 'kanker'],
    justification: 'Names the health category.', examples: ['gezondheid', 'medicijnen'],
  },
  {
    id: 'category-words-religion', category: 'religion', source: 'Category vocabulary (NL/EN/DE/FR).',
    stems: ['religie', 'religion', 'religieus', 'religious', 'religios', 'religieux', 'geloof', 'glaube', 'bijbel', 'bible', 'bibel', 'koran', 'quran', 'thora', 'torah', 'gebed', 'prayer', 'gebet', 'priere', 'heilig', 'holy', 'spiritu', 'kerkelijk', 'geestelijk', 'collecte', 'offerande', 'gift kerk'],
    words: ['god', 'gods', 'gott', 'dieu', 'allah', 'faith', 'foi', 'kerk', 'moskee', 'tiende'],
    justification: 'Names the religion category.', examples: ['religie', 'geloof'],
  },
  {
    id: 'category-words-politics', category: 'politics', source: 'Category vocabulary (NL/EN/DE/FR).',
    stems: ['politiek', 'politics', 'political', 'politik', 'politique', 'verkiezing', 'election', 'wahlkampf', 'campagne', 'campaign'],
    words: ['wahl', 'partij', 'party', 'partei', 'parti'],
    justification: 'Names the politics category.', examples: ['politiek', 'partij'],
  },
  {
    id: 'category-words-union', category: 'trade-union', source: 'Category vocabulary (NL/EN/DE/FR).',
    stems: ['vakbond', 'gewerkschaft', 'syndicat', 'trade union', 'staking', 'strike', 'streik', 'greve'],
    words: ['union', 'bond'],
    justification: 'Names the trade-union category.', examples: ['vakbond'],
  },
  {
    id: 'category-words-sex-life', category: 'sex-life', source: 'Category vocabulary (NL/EN/DE/FR).',
    stems: ['seksu', 'sexu', 'sexy', 'erot', 'intiem', 'intimate', 'adult', 'volwassen', 'lust', 'liefde', 'love', 'relatie'],
    words: ['date', 'daten', 'flirt'],
    justification: 'Names the sex-life category.', examples: ['seksueel', 'adult'],
  },
  {
    id: 'category-words-justice', category: 'criminal-justice', source: 'Category vocabulary (NL/EN/DE/FR).',
    stems: ['misdaad', 'misdrijf', 'crime', 'verbrechen', 'straf', 'penal', 'politie', 'police', 'polizei', 'arrest', 'veroordel', 'convict', 'fine ', 'fines'],
    words: ['fine', 'strafe', 'gericht'],
    justification: 'Names the criminal-justice category.', examples: ['straf', 'fines'],
  },
  {
    id: 'category-words-gambling', category: 'gambling', source: 'Category vocabulary (NL/EN/DE/FR).',
    stems: ['gok', 'wedden', 'wette', 'pari', 'gamble', 'betting', 'kansspel', 'loot', 'loten'],
    words: ['bet', 'lot', 'spel'],
    justification: 'Names the gambling category.', examples: ['gokken', 'betting'],
  },
  {
    id: 'category-words-debt', category: 'debt', source: 'Category vocabulary (NL/EN/DE/FR).',
    stems: ['schuld', 'debt', 'dette', 'achterstand', 'arrears', 'incasso', 'inkasso', 'recouvrement', 'beslag', 'armoede', 'poverty', 'armut', 'pauvrete', 'uitkering', 'benefit'],
    words: ['krediet', 'lening'],
    justification: 'Names the debt category.', examples: ['schulden', 'arrears'],
  },
];
