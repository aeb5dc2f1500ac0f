import type { TermSet } from './types.js';

/**
 * The "in doubt" rule. Membership dues to an association the lexicon does not know could be a union,
 * a party, a congregation or a patient group. When a payment's name and reference together carry a
 * dues word and an association word, and nothing marks the association as an everyday kind (a sports
 * club, a residents' or homeowners' association, a music society), the screen treats the payment as
 * sensitive: no offer, and the decision's audit record says `sensitive_category`. Switching this off
 * needs a recorded reason (SensitiveRulesOptions.inDoubt) and shows in every decision's policyVersion.
 */
export interface InDoubtRule {
  readonly dues: TermSet;
  readonly associations: TermSet;
  readonly everyday: TermSet;
}

/** Dues and donation words: what turns an ambiguous name ("Groen", "Unite") into a membership payment. */
// biome-ignore format: lexicon data, dense lines read better than one term per line
export const MEMBERSHIP_WORDS: TermSet = {
  stems: [
    'contributie', 'lidmaatschap', 'ledenbijdrage', 'lidgeld', 'membership', 'mitgliedsbeitrag', 'mitglied',
    'cotisation', 'adhesion', 'adherent', 'donatie', 'donation', 'spende', 'jaarbijdrage', 'beitrag',
    // Attending a party's or union's congress reveals the affiliation as much as its dues.
    'congres', 'congress', 'conference', 'conferentie', 'kongress', 'parteitag', 'ledenvergadering',
    'jaarvergadering', 'assemblee generale', 'militant',
  ],
  words: ['dues', 'subs', 'gift', 'don', 'member', 'lid', 'leden'],
};

// biome-ignore format: lexicon data, dense lines read better than one term per line
export const IN_DOUBT_RULE: InDoubtRule = {
  dues: {
    stems: [
      'contributie', 'lidmaatschap', 'ledenbijdrage', 'lidgeld', 'jaarbijdrage leden', 'membership',
      'member fee', 'members fee', 'annual dues', 'mitgliedsbeitrag', 'mitgliedschaft', 'jahresbeitrag',
      'cotisation', 'adhesion',
    ],
    words: ['dues', 'subs'],
  },
  associations: {
    stems: ['vereniging', 'verein', 'genootschap', 'verbond', 'federatie', 'association', 'society', 'stichting', 'foundation', 'stiftung', 'fondation'],
    words: ['e v', 'ev', 'vzw', 'asbl', 'bond', 'union', 'club', 'kring', 'cercle', 'unie', 'liga', 'league'],
  },
  everyday: {
    stems: [
      'sport', 'voetbal', 'football', 'fussball', 'tennis', 'hockey', 'korfbal', 'volleybal', 'volleyball',
      'basketbal', 'basketball', 'handbal', 'handball', 'zwem', 'swim', 'schwimm', 'atletiek', 'athletic',
      'leichtathletik', 'golf', 'schaak', 'chess', 'schach', 'bridge', 'biljart', 'darts', 'wieler', 'cycling',
      'radsport', 'hardloop', 'running', 'roei', 'rowing', 'zeil', 'sailing', 'segel', 'watersport', 'ski',
      'schaats', 'ijsclub', 'ijsvereniging', 'turn', 'gymnastiek', 'gym', 'judo', 'karate', 'taekwondo',
      'badminton', 'squash', 'tafeltennis', 'rugby', 'cricket', 'honkbal', 'softbal', 'paardensport', 'ruiter',
      'reit', 'hengel', 'vissers', 'angel', 'schiet', 'schutterij', 'schutzen', 'schuetzen', 'muziek', 'music',
      'musik', 'harmonie', 'fanfare', 'koor', 'choir', 'chor', 'toneel', 'theater', 'dans', 'tanz', 'dance',
      'carnaval', 'karneval', 'oranjevereniging', 'buurtvereniging', 'wijkvereniging', 'bewoners',
      'huurders', 'eigenaars', 'vve', 'residents', 'homeowners', 'ouderraad', 'parents', 'scouting', 'scout',
      'pfadfinder', 'speeltuin', 'volkstuin', 'tuinvereniging', 'kleingarten', 'allotment', 'imker', 'bijen',
      'hond', 'kynolog', 'kennel', 'duiven', 'vogel', 'kat', 'motor', 'oldtimer', 'auto', 'anwb', 'adac',
      'fotoclub', 'foto', 'computer', 'historische', 'heemkunde', 'oudheidkundig', 'heimat', 'natuur',
      'nature', 'vogelbescherming', 'consumentenbond', 'eigen huis', 'kvk', 'ondernemers', 'winkeliers',
      'business', 'alumni', 'studenten', 'student', 'dispuut', 'fitness', 'yoga', 'padel', 'netflix',
      'spotify', 'amazon', 'prime', 'basic fit', 'basicfit', 'sportschool', 'bol com', 'costco', 'makro',
      'foot', 'futsal', 'basket', 'natation', 'equitation', 'escrime', 'petanque', 'cyclis', 'randonn',
      'chorale', 'musique', 'sportif', 'sportive', 'omnisport', 'tischtennis', 'kegel', 'wander', 'handbal',
      'korfbal', 'jeu de boules', 'boules', 'jeugd', 'jugend', 'jeunesse', 'senioren', 'gilde', 'ijshockey',
    ],
    words: ['vv', 'sv', 'svv', 'hc', 'tc', 'ltc', 'mhc', 'kv', 'fc', 'tsv', 'bc', 'rc', 'ac', 'hv', 'zv', 'pta'],
  },
};
