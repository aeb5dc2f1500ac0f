import type { CounterpartyRule } from './types.js';

/** Trade-union membership (GDPR art. 9). */
// biome-ignore format: lexicon data, dense lines read better than one term per line
export const UNION_RULES: readonly CounterpartyRule[] = [
  {
    id: 'trade-unions',
    category: 'trade-union',
    languages: ['nl', 'en', 'de', 'fr'],
    source:
      'Member unions of the federations: FNV, CNV and VCP (NL); ABVV/FGTB, ACV/CSC and ACLVB/CGSLB (BE); ' +
      'DGB and dbb (DE); TUC affiliates (UK); CGT, CFDT, FO, CFE-CGC, CFTC, UNSA, FSU (FR).',
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
    justification: 'Union dues reveal union membership.',
    examples: [
      'FNV', 'CNV Vakmensen', 'Vakbond De Unie', "NU'91", 'Algemene Onderwijsbond AOb', 'ABVV Metaal',
      'IG Metall Vorstand', 'ver.di Bundesverwaltung', 'UNISON', 'Contributie FNV 2026',
    ],
  },
  {
    id: 'trade-union-acronyms',
    category: 'trade-union',
    languages: ['nl', 'en', 'de', 'fr'],
    source: 'As trade-unions: the federations\' member unions known by a short acronym.',
    words: [
      'vcp', 'aob', 'fbz', 'npb', 'acp', 'afmp', 'nvj', 'vnv', 'acv', 'csc', 'dgb', 'dbb', 'gew', 'evg',
      'gdp', 'gdl', 'ngg', 'tuc', 'gmb', 'rmt', 'cwu', 'pcs', 'ucu', 'nuj', 'tssa', 'rcn', 'bma', 'cgt',
      'cftc', 'unsa', 'fsu', 'sgb', 'unite',
    ],
    fields: ['name'],
    justification: 'Short acronyms are whole words on names only: in references they collide with units and codes.',
    examples: ['VCP', 'ACV Bouw', 'GEW Hessen', 'GMB', 'CGT Fédération'],
  },
  {
    id: 'union-names-that-are-words',
    category: 'trade-union',
    languages: ['nl', 'en', 'de', 'fr'],
    source: 'As trade-unions: union names that are also everyday words ("Unite", "Prospect", "Verdi", "SUD").',
    words: ['union', 'unite', 'unie', 'sud', 'fo', 'prospect', 'equity', 'community', 'verdi', 'neu', 'bond', 'acv', 'csc'],
    needsMembershipWord: true,
    justification: 'These names count only next to a membership word ("UNION SUBS", "Verdi Mitgliedsbeitrag").',
    examples: ['UNION SUBS', 'Verdi Mitgliedsbeitrag', 'Prospect membership'],
  },
];
