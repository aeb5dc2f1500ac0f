import type { LexiconRule } from './types.js';

/** Criminal-law and judicial data (GDPR art. 10), and legal proceedings. */
// biome-ignore format: lexicon data, dense lines read better than one term per line
export const JUSTICE_RULES: readonly LexiconRule[] = [
  {
    id: 'fines-courts-justice',
    category: 'criminal-justice',
    stems: [
      'centraal justitieel incassobureau', 'justitieel', 'justitie', 'justiz', 'ministry of justice',
      'spf justice', 'strafbeschikking', 'boete', 'bekeuring', 'proces verbaal', 'transactievoorstel',
      'strafzaak', 'griffierecht', 'rechtbank', 'gerechtshof', 'kantongerecht', 'politierechtbank',
      'vredegerecht', 'borgtocht', 'reclassering', 'openbaar ministerie', 'penitentiair', 'gevangenis',
      'gedetineerd', 'detentie', 'jeugdinrichting', 'justitiele jeugd', 'bureau halt', 'halt afdoening',
      'taakstraf', 'slachtofferhulp', 'schadefonds geweldsmisdrijven', 'verkeersboete', 'snelheidsovertreding',
      'trajectcontrole', 'flitspaal', 'onmiddellijke inning', 'perception immediate', 'parket van',
      'procureur des konings', 'procureur du roi', 'bussgeld', 'bussgeldstelle', 'verwarnungsgeld',
      'verwarngeld', 'ordnungswidrigkeit', 'amtsgericht', 'landgericht', 'oberlandesgericht', 'sozialgericht',
      'arbeitsgericht', 'verwaltungsgericht', 'finanzgericht', 'strafgericht', 'gerichtskasse', 'gerichtskosten',
      'justizkasse', 'staatsanwaltschaft', 'strafbefehl', 'geldstrafe', 'geldbusse', 'justizvollzug',
      'bewahrungshilfe', 'bewaehrungshilfe', 'magistrates court', 'crown court', 'county court', 'court fine',
      'court fee', 'court of', 'fixed penalty', 'penalty charge', 'penalty notice', 'speeding fine',
      'speed awareness', 'victim surcharge', 'hm prison', 'prison', 'probation', 'bail bond', 'hmcts',
      'amende', 'antai', 'tribunal', 'cour d appel', 'maison d arret', 'centre penitentiaire', 'penitentiaire',
      'caution penale', 'contravention', 'avis de contravention', 'contravvenzione', 'infraccion',
      'sanzione amministrativa', 'strafrecht', 'criminal', 'gerechtelijk', 'judiciaire', 'gerichtlich',
      'naheffingsaanslag', 'untersuchungshaft', 'haftkaution', 'bail security', 'bail deposit', 'bail money',
      'bail payment', 'magistrates',
    ],
    words: ['cjib', 'dji', 'om afdoening', 'hmp', 'pcn', 'fpn', 'jva', 'spip', 'boetes', 'multa', 'multas'],
  },
  {
    id: 'legal-aid',
    category: 'legal',
    stems: [
      'advoca', 'rechtsbijstand', 'juridisch loket', 'rechtshulp', 'legal aid', 'solicitor', 'barrister',
      'attorney', 'lawyer', 'law firm', 'rechtsanwalt', 'rechtsanwaelte', 'rechtsanwalte', 'anwaltskanzlei',
      'fachanwalt', 'strafverteidig', 'avocat', 'cabinet d avocats', 'aide juridique', 'echtscheiding',
      'scheidingsbemidd', 'scheidingsmediat', 'divorce', 'scheidungs', 'pro deo',
    ],
    words: ['scheidung'],
  },
];
