import type { LexiconRule } from './types.js';

/** Political opinion (GDPR art. 9): parties, their youth wings and foundations, campaigning groups. */
// biome-ignore format: lexicon data, dense lines read better than one term per line
export const POLITICS_RULES: readonly LexiconRule[] = [
  {
    id: 'political-parties',
    category: 'politics',
    stems: [
      'politieke partij', 'politieke beweging', 'partijbijdrage', 'partijcontributie', 'partijlidmaatschap',
      'partij van de arbeid', 'partij voor de vrijheid', 'partij voor de dieren', 'socialistische partij',
      'staatkundig gereformeerde', 'groenlinks', 'christenunie', 'christen democratisch', 'forum voor democratie',
      'boerburgerbeweging', 'boer burger beweging', 'nieuw sociaal contract', 'piratenpartij', 'piratenpartei',
      'libertaire partij', 'code oranje', 'belang van nederland', 'volt nederland', 'volt europa', 'volt deutschland',
      'volt belgie', 'volt belgium', 'partij denk', 'politieke partij denk', 'leefbaar rotterdam', 'leefbaar utrecht',
      'leefbaar nederland', 'stadspartij', 'gemeentebelangen', 'lokaal belang', 'jonge democraten', 'jonge socialisten',
      'wiardi beckman', 'teldersstichting', 'wetenschappelijk instituut cda', 'vlaams belang', 'open vld', 'jong vld',
      'jong n va', 'jong cd v', 'jongsocialisten', 'les engages', 'parti socialiste', 'parti du travail',
      'mouvement reformateur', 'parti communiste', 'parti de gauche', 'la france insoumise', 'rassemblement national',
      'les republicains', 'republique en marche', 'europe ecologie', 'les ecologistes', 'reconquete', 'front national',
      'volkspartij', 'volkspartei', 'linkspartei', 'die linke', 'bundnis 90', 'buendnis 90', 'die grunen',
      'die gruenen', 'grune jugend', 'gruene jugend', 'freie wahler', 'freie waehler', 'alternative fur deutschland',
      'alternative fuer deutschland', 'afd kreisverband', 'afd landesverband', 'afd bundesverband', 'junge union',
      'junge liberale', 'junge alternative', 'sahra wagenknecht', 'friedrich ebert stiftung', 'konrad adenauer stiftung',
      'heinrich boll stiftung', 'heinrich boell stiftung', 'rosa luxemburg stiftung', 'friedrich naumann stiftung',
      'hanns seidel stiftung', 'parteibeitrag', 'parteispende', 'mandatstragerabgabe', 'labour party', 'welsh labour',
      'scottish labour', 'conservative party', 'conservative and unionist', 'conservatives', 'liberal democrats',
      'lib dems', 'scottish green', 'reform uk', 'plaid cymru', 'sinn fein', 'alliance party',
      'co operative party', 'young labour', 'young conservatives', 'political donation', 'political party',
      'party membership fee', 'campaign donation', 'verkiezingscampagne', 'campagnebijdrage', 'wahlkampfspende',
      'cotisation parti', 'don au parti', 'adhesion parti', 'democraten 66', 'scottish national party',
      'jeunes socialistes', 'jeunes republicains', 'jeunes avec macron', 'jeunes communistes', 'jeunes insoumis',
      'jeunes ecologistes', 'generation nation', 'partij vd dieren', 'partij vd arbeid', 'labour membership',
    ],
    words: [
      'vvd', 'pvda', 'cda', 'cdja', 'd66', 'pvv', 'sp', 'sgp', 'sgpj', 'pvdd', 'fvd', 'jfvd', 'ja21', 'bbb',
      'nsc', '50plus', 'bij1', 'jovd', 'dwars', 'n va', 'nva', 'cd v', 'vld', 'ptb',
      'vooruit', 'ecolo', 'lfi', 'pcf', 'eelv', 'cdu', 'csu', 'spd', 'fdp', 'afd', 'bsw', 'odp',
      'jusos', 'julis', 'snp', 'ukip', 'dup', 'sdlp', 'partei', 'green party',
    ],
    // Party acronyms are short and common: whole words, and only on the counterparty or merchant name.
    fields: ['name'],
  },
  {
    id: 'political-parties-in-references',
    category: 'politics',
    stems: [
      'groenlinks', 'christenunie', 'partij van de arbeid', 'partij voor de dieren', 'forum voor democratie',
      'partijbijdrage', 'partijcontributie', 'partijlidmaatschap', 'parteibeitrag', 'parteispende',
      'labour party', 'conservative party', 'conservatives', 'lib dems', 'libdems', 'labour membership',
      'political donation', 'campaign donation', 'democraten 66', 'scottish national party',
      'verkiezingscampagne', 'campagnebijdrage', 'cotisation parti', 'don au parti',
    ],
    words: [
      'vvd', 'pvda', 'cda', 'd66', 'pvv', 'sgp', 'pvdd', 'fvd', 'ja21', 'bij1', 'jovd', 'cdu', 'csu', 'spd',
      'fdp', 'n va', 'cd v', 'open vld',
    ],
    fields: ['reference'],
  },
  {
    id: 'party-names-that-are-words',
    category: 'politics',
    words: [
      'groen', 'volt', 'denk', 'vooruit', 'renaissance', 'horizons', 'reform', 'lr', 'rn', 'ps', 'mr', 'modem',
      'perspectief', 'gl', 'cu', 'pink', 'rood', 'linke', 'grune', 'grunen', 'greens', 'labour', 'tories',
      'tory', 'conservatives', 'ensemble', 'en marche', 'insoumis', 'n va', 'nva', 'the greens', 'les verts',
      'partij', 'parti', 'party',
    ],
    needsMembershipWord: true,
  },
];
