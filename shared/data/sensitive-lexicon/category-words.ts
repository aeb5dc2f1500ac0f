import type { LexiconRule } from './types.js';

/**
 * Words that name a category rather than an entity ("gezondheid", "religion", "Gewerkschaft"). They are
 * too broad for the run-time screen (a payment reference "health check auto" is no health data), but a
 * trigger that matches them on a name or reference is aiming at the category: the design-time lint
 * refuses it.
 */
// biome-ignore format: lexicon data, dense lines read better than one term per line
export const CATEGORY_WORD_RULES: readonly LexiconRule[] = [
  {
    id: 'category-words-health', category: 'health',
    stems: ['gezondheid', 'gesundheit', 'ziekte', 'krankheit', 'maladie', 'illness', 'disease', 'patient', 'medicijn', 'medicine', 'medikament', 'medicament', 'geneesmiddel', 'arzneimittel', 'recept', 'prescription', 'ordonnance', 'behandeling', 'treatment', 'mentale', 'psych', 'verslaafd', 'addict'],
    words: ['zorg', 'care', 'health', 'sante', 'soins', 'pflege', 'arts', 'kanker'],
  },
  {
    id: 'category-words-religion', category: 'religion',
    stems: ['religie', 'religion', 'religieus', 'religious', 'religios', 'religieux', 'geloof', 'glaube', 'bijbel', 'bible', 'bibel', 'koran', 'quran', 'thora', 'torah', 'gebed', 'prayer', 'gebet', 'priere', 'heilig', 'holy', 'spiritu', 'kerkelijk', 'geestelijk', 'collecte', 'offerande', 'gift kerk'],
    words: ['god', 'gods', 'gott', 'dieu', 'allah', 'faith', 'foi', 'kerk', 'moskee', 'tiende'],
  },
  {
    id: 'category-words-politics', category: 'politics',
    stems: ['politiek', 'politics', 'political', 'politik', 'politique', 'verkiezing', 'election', 'wahlkampf', 'campagne', 'campaign'],
    words: ['wahl', 'partij', 'party', 'partei', 'parti'],
  },
  {
    id: 'category-words-union', category: 'trade-union',
    stems: ['vakbond', 'gewerkschaft', 'syndicat', 'trade union', 'staking', 'strike', 'streik', 'greve'],
    words: ['union', 'bond'],
  },
  {
    id: 'category-words-sex-life', category: 'sex-life',
    stems: ['seksu', 'sexu', 'sexy', 'erot', 'intiem', 'intimate', 'adult', 'volwassen', 'lust', 'liefde', 'love', 'relatie'],
    words: ['date', 'daten', 'flirt'],
  },
  {
    id: 'category-words-justice', category: 'criminal-justice',
    stems: ['misdaad', 'misdrijf', 'crime', 'verbrechen', 'straf', 'penal', 'politie', 'police', 'polizei', 'arrest', 'veroordel', 'convict', 'fine ', 'fines'],
    words: ['fine', 'strafe', 'gericht'],
  },
  {
    id: 'category-words-gambling', category: 'gambling',
    stems: ['gok', 'wedden', 'wette', 'pari', 'gamble', 'betting', 'kansspel', 'loot', 'loten'],
    words: ['bet', 'lot', 'spel'],
  },
  {
    id: 'category-words-debt', category: 'debt',
    stems: ['schuld', 'debt', 'dette', 'achterstand', 'arrears', 'incasso', 'inkasso', 'recouvrement', 'beslag', 'armoede', 'poverty', 'armut', 'pauvrete', 'uitkering', 'benefit'],
    words: ['krediet', 'lening'],
  },
];
