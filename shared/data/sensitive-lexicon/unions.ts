import type { LexiconRule } from './types.js';

/** Trade-union membership (GDPR art. 9). */
// biome-ignore format: lexicon data, dense lines read better than one term per line
export const UNION_RULES: readonly LexiconRule[] = [
  {
    id: 'trade-unions',
    category: 'trade-union',
    stems: [
      'vakbond', 'vakcentrale', 'vakvereniging', 'trade union', 'labour union', 'labor union', 'gewerkschaft',
      'syndicat', 'syndical', 'abvakabo', 'bondgenoten', 'cnv vakmensen', 'cnv connectief', 'politiebond',
      'onderwijsbond', 'horecabond', 'ambtenarencentrum', 'marechausseevereniging', 'verkeersvliegers',
      'fnv', 'acv puls', 'acv csc', 'lbc nvk', 'acod', 'setca', 'bbtk', 'cgsp', 'vakbondspremie',
      'beamtenbund', 'ig metall', 'ig bce', 'ig bau', 'ver di', 'verdi mitglied', 'verdi beitrag',
      'marburger bund', 'vereinigung cockpit', 'gewerkschaftsbund', 'unite the union', 'unite union',
      'unison', 'nasuwt', 'usdaw', 'aslef', 'bectu', 'prospect union', 'royal college of nursing',
      'national education union', 'trades union congress', 'union dues', 'union subscription',
      'union membership', 'union fees', 'force ouvriere', 'cfe cgc', 'cotisation syndicale',
      'gewerkschaftsbeitrag', 'vakbondscontributie', 'vakbondsbijdrage', 'lidgeld vakbond', 'vakbeweging',
      'sud rail', 'sud education', 'sud sante', 'sud ptt', 'sud solidaires', 'union syndicale', 'solidaires',
      'workers union', 'workers of', 'employees union', 'verdi landesbezirk', 'verdi bezirk', 'union subs',
      'communication workers', 'gewerkschaftliche',
    ],
    words: ['cnv', 'nu 91', 'nu91', 'de unie', 'abvv', 'fgtb', 'aclvb', 'cgslb', 'komba', 'cfdt', 'nasuwt'],
  },
  {
    id: 'trade-union-acronyms',
    category: 'trade-union',
    words: [
      'vcp', 'aob', 'fbz', 'npb', 'acp', 'afmp', 'nvj', 'vnv', 'acv', 'csc', 'dgb', 'dbb', 'gew', 'evg',
      'gdp', 'gdl', 'ngg', 'tuc', 'gmb', 'rmt', 'cwu', 'pcs', 'ucu', 'nuj', 'tssa', 'rcn', 'bma', 'cgt',
      'cftc', 'unsa', 'fsu', 'sgb', 'unite',
    ],
    fields: ['name'],
  },
  {
    id: 'union-names-that-are-words',
    category: 'trade-union',
    words: ['union', 'unite', 'unie', 'sud', 'fo', 'prospect', 'equity', 'community', 'verdi', 'neu', 'bond', 'acv', 'csc'],
    needsMembershipWord: true,
  },
];
