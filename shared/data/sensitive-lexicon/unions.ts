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
  {
    id: 'trade-unions-sector-and-professional',
    category: 'trade-union',
    stems: [
      'vsoa', 'slfp', 'abvv metaal', 'acv bouw', 'acv transcom', 'flugbegleiter organisation', 'unabhaengige flugbegleiter',
      'unabhangige flugbegleiter', 'dpolg', 'polizeigewerkschaft', 'philologenverband', 'lehrerverband',
      'lehrerinnenverband', 'realschullehrer', 'deutscher journalisten verband', 'komba gewerkschaft', 'dstg',
      'bdz gewerkschaft', 'hartmannbund', 'verband bildung und erziehung', 'fire brigades union', 'musicians union',
      'nurses union', 'teachers union', 'journalists union', 'pilots union', 'police federation',
      'prison officers association', 'napo union', 'balpa', 'nautilus international', 'bfawu', 'ucatt',
      'professional footballers association', 'educational institute of scotland', 'hospital consultants and specialists',
      'accord union', 'voice the union', 'pda union', 'royal college of midwives', 'chartered society of physiotherapy',
      'british dental association', 'british medical association', 'fda union', 'aspect union', 'equity union',
      'gmb union', 'nvlt', 'vnc piloten', 'ambtenarenbond', 'politievakbond', 'acp politie', 'artsenfederatie',
      'defensiebond', 'sgen cfdt', 'snes fsu', 'snuipp', 'alliance police', 'unite sgp', 'union syndicale',
      'syndicat national', 'snalc', 'sncl', 'dbb beamten', 'bund deutscher kriminal',
      'vakbondsbijdrage', 'lidmaatschap vakbond', 'contributie vakbond', 'lidgeld vakbond', 'vakbondslid',
      'union subscription', 'gewerkschaftsmitglied',
    ],
    words: ['fbu', 'napo', 'hcsa', 'rcm', 'bdk', 'dju', 'vbe', 'dstg', 'bdz', 'snes', 'sgen', 'snpl', 'unsa', 'cgt fo'],
    fields: ['name'],
  },
];
