/**
 * Counterparty rules: transfers and direct debits carry no merchant category code, so the screen
 * recognises sensitive counterparties by name and payment reference. The same name rules also run on
 * card merchants' names, as a second net for care providers and casinos filed under a generic MCC.
 *
 * Matching happens on a normalised text: diacritics removed, lower case, every run of characters other
 * than a–z and 0–9 replaced by one space ("Holland-Casino's" -> "holland casino s").
 *   - stems:    found anywhere in the text; for distinctive Dutch/English stems and brand names
 *               ("apotheek" also catches "Ziekenhuisapotheek" and "apotheek de linde").
 *   - words:    whole words or phrases only; for short acronyms that would otherwise hit inside other
 *               words ("SP" must not catch "sport", "toto" must not catch "fototoestel").
 *   - prefixes: words that start with the term ("rouw" catches "Rouwcentrum", not "Vrouwenmode").
 *   - suffixes: words that end with the term ("kerk" catches "Pinksterkerk", not "Kerkrade").
 *   - pattern:  a regular expression over the normalised text. Slower (a regular expression per
 *               text instead of one shared automaton), so the shipped rules use none; it is there for a
 *               bank's own rules that the four term kinds above cannot express.
 *
 * False positives only cost an offer (the payment is treated as sensitive and used for nothing), so the
 * rules lean towards catching too much. False negatives leak special-category data into a sales
 * decision, so when in doubt, add the rule. Every rule lists examples the unit tests check.
 *
 * Bump SENSITIVE_RULES_VERSION (./sensitive-mcc.ts) on every change. How to extend: ./SENSITIVE.md.
 */

import type { SensitiveCategory } from './sensitive-categories.js';

export type CounterpartyText = 'name' | 'reference';

export interface CounterpartyRule {
  /** Stable id, unique across the rule set (kebab-case). */
  readonly id: string;
  readonly category: SensitiveCategory;
  readonly stems?: readonly string[];
  readonly words?: readonly string[];
  readonly prefixes?: readonly string[];
  readonly suffixes?: readonly string[];
  readonly pattern?: string;
  /** Which texts the rule reads; default both. Short acronyms read only names to limit false hits. */
  readonly fields?: readonly CounterpartyText[];
  readonly justification: string;
  /** Raw texts (as a payment system would send them) this rule must catch. */
  readonly examples: readonly string[];
}

export const SENSITIVE_COUNTERPARTY_RULES: readonly CounterpartyRule[] = [
  // --- Health (art. 9) ---------------------------------------------------------------------------
  {
    id: 'health-care-providers',
    category: 'health',
    stems: [
      'ziekenhuis',
      'medisch centrum',
      'medical cent',
      'kliniek',
      'clinic',
      'apotheek',
      'apotheker',
      'pharmac',
      'huisarts',
      'tandarts',
      'mondhygien',
      'orthodont',
      'fysiothera',
      'physiothera',
      'psycholo',
      'psychiat',
      'psychothera',
      'ggz',
      'verslavingszorg',
      'verloskund',
      'kraamzorg',
      'thuiszorg',
      'verpleeghuis',
      'revalidatie',
      'dietist',
      'logoped',
      'ergothera',
      'podothera',
      'huidarts',
      'dermatolo',
      'fertiliteit',
      'abortus',
      'ambulance',
      'opticien',
      'audicien',
    ],
    // Whole words only where the stem hides inside everyday words: "hospitality", "incidental".
    words: ['hospital', 'hospitaal', 'dental', 'dentist'],
    // University medical centres: "Amsterdam UMC", "UMCG", "Radboudumc".
    suffixes: ['umc', 'umcg'],
    justification: 'Payments to or from a care provider reveal health care use (art. 9 health data).',
    examples: [
      'Ziekenhuis Amstelland',
      'Stichting Ziekenhuisgroep Twente',
      'Amsterdam UMC',
      'Radboudumc',
      'Apotheek De Linde',
      'Huisartsenpraktijk Zuid',
      'Tandartspraktijk Smile',
      'Parnassia GGZ',
      'Fysiotherapie Centrum',
      'Diëtistenpraktijk Gezond',
      'Casa Kliniek',
    ],
  },
  {
    id: 'health-care-brands',
    category: 'health',
    stems: [
      'jellinek',
      'parnassia',
      'tactus',
      'brijder',
      'novadic',
      'specsavers',
      'pearle',
      'hans anders',
      'beter horen',
      'schoonenberg',
    ],
    // "arkin" is a word: as a stem it would catch "parking".
    words: ['ggd', 'ivf', 'soa', 'arkin'],
    justification: 'Addiction care, mental health, optical and hearing chains, public health services.',
    examples: ['Jellinek Amsterdam', 'GGD Hollands Midden', 'Specsavers Utrecht', 'Beter Horen BV'],
  },
  {
    id: 'health-insurers',
    category: 'health',
    stems: ['zorgverzeker', 'zilveren kruis', 'menzis', 'zorg en zekerheid', 'dsw zorg'],
    words: ['vgz', 'onvz', 'cz'],
    fields: ['name'],
    justification:
      'Claim reimbursements from a health insurer reveal care use, premiums reveal the chosen cover ' +
      '(dental, physiotherapy, mental health). Everyone pays one, so screening them costs no offer.',
    examples: ['Zilveren Kruis Achmea', 'CZ', 'VGZ Zorgverzekeraar NV', 'Menzis Zorgverzekeraar'],
  },
  {
    id: 'health-charities',
    category: 'health',
    stems: [
      'kwf',
      'hartstichting',
      'longfonds',
      'diabetes fonds',
      'diabetesfonds',
      'alzheimer',
      'hersenstichting',
      'nierstichting',
      'reumafonds',
      'maag lever darm',
      'aidsfonds',
      'soa aids',
    ],
    justification: 'Donations to a disease fund commonly reveal an illness of the customer or family.',
    examples: ['KWF Kankerbestrijding', 'Alzheimer Nederland', 'Stichting Aidsfonds'],
  },

  // --- Religion or philosophical belief (art. 9) --------------------------------------------------
  {
    id: 'religious-organisations',
    category: 'religion',
    stems: [
      'parochie',
      'bisdom',
      'diaconie',
      'moskee',
      'islamitisch',
      'synagoge',
      'joodse gemeente',
      'gurdwara',
      'mandir',
      'hindoe',
      'boeddhis',
      'jehova',
      'koninkrijkszaal',
      'leger des heils',
      'mosque',
      'synagogue',
      'humanistisch verbond',
      'zakat',
    ],
    // "church" as a stem would catch "Churchill".
    words: ['pkn', 'tempel', 'temple', 'church', 'churches'],
    // "kerk" and its derived forms as a word end ("Oude Kerk", "Pinksterkerk", "Kerkbalans"), but not
    // "Kerkrade" or "Kerkstraat".
    suffixes: ['kerk', 'kerken', 'kerkelijk', 'kerkelijke', 'kerkbalans', 'kerkgenootschap'],
    justification: 'Contributions and donations to religious communities reveal religious belief.',
    examples: [
      'Protestantse Kerk Amsterdam',
      'Actie Kerkbalans 2026',
      'Parochie H. Jozef',
      'Stichting Moskee Al Fourqaan',
      'Joodse Gemeente Amsterdam',
      'Nederlands-Israëlitisch Kerkgenootschap',
      'Leger des Heils',
    ],
  },

  // --- Political opinion (art. 9) -----------------------------------------------------------------
  {
    id: 'political-parties-nl',
    category: 'politics',
    stems: [
      'politieke partij',
      'politieke beweging',
      'groenlinks',
      'christenunie',
      'partij voor de dieren',
      'forum voor democratie',
      'boerburgerbeweging',
      'nieuw sociaal contract',
      'piratenpartij',
    ],
    words: [
      'vvd',
      'pvda',
      'cda',
      'd66',
      'pvv',
      'sp',
      'sgp',
      'pvdd',
      'fvd',
      'ja21',
      'bbb',
      'nsc',
      '50plus',
      'bij1',
      'volt nederland',
      'volt europa',
      'partij denk',
      'socialistische partij',
    ],
    fields: ['name'],
    justification:
      'Membership dues and donations to a party reveal political opinion. Acronyms are whole-word ' +
      'matches on the counterparty name only; "DENK" and "Volt" need their context (common words).',
    examples: [
      'VVD',
      'Partij van de Arbeid (PvdA)',
      'GroenLinks-PvdA',
      'D66 Ledenadministratie',
      'SP',
      'Volt Nederland',
    ],
  },
  {
    id: 'political-advocacy',
    category: 'politics',
    stems: ['amnesty', 'greenpeace', 'milieudefensie', 'vluchtelingenwerk', 'extinction rebellion'],
    justification: 'Support for campaigning organisations reveals political opinion.',
    examples: ['Amnesty International NL', 'Stichting Greenpeace Nederland', 'VluchtelingenWerk Nederland'],
  },

  // --- Trade union membership (art. 9) ------------------------------------------------------------
  {
    id: 'trade-unions',
    category: 'trade-union',
    stems: ['vakbond', 'vakcentrale', 'trade union', 'gewerkschaft', 'abvakabo'],
    words: ['fnv', 'cnv', 'vcp', 'aob', 'fbz', 'nu 91', 'de unie'],
    justification: 'Union dues reveal union membership.',
    examples: ['FNV', 'CNV Vakmensen', 'Vakbond De Unie', "NU'91", 'Algemene Onderwijsbond AOb'],
  },

  // --- Membership organisations revealing beliefs ------------------------------------------------
  {
    id: 'fraternal-organisations',
    category: 'membership',
    stems: ['vrijmetselar', 'freemason'],
    words: ['loge', 'rotary', 'lions club', 'odd fellows'],
    justification: 'Lodges and fraternal clubs reveal beliefs and affiliations.',
    examples: ['Orde van Vrijmetselaren', 'Rotary Club Delft', 'Loge La Bien Aimée'],
  },

  // --- Sex life and sexual orientation (art. 9) --------------------------------------------------
  {
    id: 'dating-and-sex',
    category: 'sex-life',
    stems: [
      'datingsite',
      'datingapp',
      'elitedating',
      'relatiebemiddeling',
      'escort',
      'seksclub',
      'sexclub',
      'sexshop',
      'seksshop',
      'erotisch',
      'erotiek',
      'erotic',
      'privehuis',
      'prive huis',
      'massagesalon',
      'relatieplanet',
      'parship',
      'ashley madison',
      'second love',
      'okcupid',
      'grindr',
    ],
    // "dating" as a stem would catch "updating" and "accommodating".
    words: [
      'dating',
      'tinder',
      'bumble',
      'badoo',
      'happn',
      'lexa',
      'e matching',
      'meetic',
      'match com',
      'inner circle',
    ],
    justification: 'Dating, escort and erotic services reveal sex life and sexual orientation.',
    examples: ['Tinder Gold', 'Parship.nl', 'Lexa.nl', 'Grindr LLC', 'EliteDating', 'Escortservice Rood'],
  },
  {
    id: 'lgbtq-organisations',
    category: 'sex-life',
    words: ['coc', 'coc nederland'],
    fields: ['name'],
    justification: 'Membership of an LGBTQ+ association reveals sexual orientation.',
    examples: ['COC Nederland', 'COC Haaglanden'],
  },

  // --- Counselling -------------------------------------------------------------------------------
  {
    id: 'counselling',
    category: 'counselling',
    stems: ['relatietherap', 'huwelijkstherap', 'gezinsthera', 'maatschappelijk werk', 'levenscoach'],
    justification: 'Relationship therapy and social work reveal personal crises.',
    examples: ['Praktijk voor Relatietherapie', 'Stichting Maatschappelijk Werk Delft'],
  },

  // --- Debt and financial vulnerability (duty of care) ---------------------------------------------
  {
    id: 'debt-help-and-collection',
    category: 'debt',
    stems: [
      'schuldhulp',
      'schuldsanering',
      'schuldbemiddeling',
      'budgetbeheer',
      'budgetcoach',
      'bewindvoer',
      'beschermingsbewind',
      'kredietbank',
      'deurwaarder',
      'incassobureau',
      'incasso bureau',
      'voedselbank',
    ],
    words: ['wsnp'],
    justification:
      'Debt counselling, guardianship, bailiffs, collection agencies and food banks reveal financial ' +
      'distress; using that for offers (credit above all) is exactly what the duty of care forbids.',
    examples: [
      'Schuldhulpverlening Gemeente Utrecht',
      'Bewindvoering Noord BV',
      'Gerechtsdeurwaarders Janssen',
      'Kredietbank Nederland',
      'Voedselbank Rotterdam',
    ],
  },

  // --- Gambling ----------------------------------------------------------------------------------
  {
    id: 'gambling',
    category: 'gambling',
    stems: [
      'casino',
      'loterij',
      'lottery',
      'gokken',
      'weddenschap',
      'sportsbook',
      'bet365',
      'betcity',
      'unibet',
      'leovegas',
      'kansino',
      'betway',
      'tonybet',
      'bingoal',
      'pokerstars',
    ],
    words: ['toto', 'lotto', 'bingo', 'poker'],
    justification: 'Gambling can reveal addiction; it is never a sales moment.',
    examples: [
      'Holland Casino',
      'Holland-Casino Scheveningen',
      'TOTO',
      'Lotto',
      'Nederlandse Loterij',
      'Nationale Postcode Loterij',
      'Staatsloterij',
      'Bet365',
    ],
  },

  // --- Criminal-law and judicial data (art. 10) --------------------------------------------------
  {
    id: 'fines-courts-justice',
    category: 'criminal-justice',
    stems: [
      'centraal justitieel incassobureau',
      'justitie',
      'strafbeschikking',
      'boete',
      'bekeuring',
      'griffierecht',
      'rechtbank',
      'gerechtshof',
      'borgtocht',
      'reclassering',
      'openbaar ministerie',
      'penitentiair',
      'gevangenis',
    ],
    words: ['cjib'],
    justification: 'Fines, court fees, bail and payments to prisons reveal criminal or judicial matters.',
    examples: ['CJIB', 'Centraal Justitieel Incassobureau', 'Verkeersboete 2026-123', 'Rechtbank Den Haag'],
  },
  {
    id: 'legal-aid',
    category: 'legal',
    stems: ['advoca', 'rechtsbijstand', 'juridisch loket'],
    justification:
      'Paying a lawyer or receiving legal aid reveals proceedings (criminal, divorce, dismissal).',
    examples: ['Advocatenkantoor De Vries', 'Raad voor Rechtsbijstand'],
  },

  // --- Bereavement -------------------------------------------------------------------------------
  {
    id: 'funerals',
    category: 'bereavement',
    stems: ['uitvaart', 'crematori', 'begrafenis', 'begraafplaats', 'funeral'],
    prefixes: ['rouw'],
    justification: 'Reveals a death in the family; grief is no sales moment.',
    examples: ['Uitvaartcentrum Zuid', 'Crematorium Westerveld', 'Rouwcentrum Het Licht'],
  },
];

/**
 * Texts that must pass the screen untouched: the counterparties of the seed triggers and everyday
 * names that contain a sensitive stem by accident. The unit tests check every one, so a new rule that
 * would swallow child benefit or student finance fails the build instead of silently killing offers.
 */
export const MUST_NOT_MATCH_EXAMPLES: readonly string[] = [
  'Sociale Verzekeringsbank',
  'SVB',
  'DUO',
  'Dienst Uitvoering Onderwijs',
  'Kinderbijslag 3e kwartaal 2026',
  'Studiefinanciering september',
  'Chase ATM',
  'KLM Royal Dutch Airlines',
  'Transavia',
  'TUI Nederland',
  'Albert Heijn 1234',
  'Gemeente Kerkrade',
  'Kerkstraat 12 Amsterdam',
  'Sportschool Fit',
  'Fototoestel Webshop',
  'Vrouwenmode Lisa',
  'Q-Park Parking Centrum',
  'Hospitality Group BV',
  'Churchill Pub',
  'Incidental costs refund',
  'Updating subscription',
  'Sp0rt & Spel',
  'Salaris november',
  'Huur december',
];
