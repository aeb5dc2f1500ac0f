import type { LexiconRule } from './types.js';

/** Beliefs through membership, personal crises and bereavement. */
// biome-ignore format: lexicon data, dense lines read better than one term per line
export const OTHER_RULES: readonly LexiconRule[] = [
  {
    id: 'fraternal-organisations',
    category: 'membership',
    stems: ['vrijmetselar', 'freemason', 'freimaurer', 'franc macon', 'grootoosten', 'grand lodge', 'grande loge'],
    words: ['loge', 'rotary', 'lions club', 'odd fellows', 'kiwanis', 'ronde tafel', 'round table'],
  },
  {
    id: 'counselling',
    category: 'counselling',
    stems: [
      'relatietherap', 'huwelijkstherap', 'gezinsthera', 'maatschappelijk werk', 'levenscoach',
      'veilig thuis', 'blijf van m n lijf', 'blijfgroep', 'vrouwenopvang', 'frauenhaus', 'womens aid',
      'women s aid', 'samaritans', 'sensoor', 'luisterlijn', 'kindertelefoon', 'telefonseelsorge',
      'eheberatung', 'familienberatung', 'paarberatung', 'conseil conjugal', 'marriage counsel',
      'relationship counsel', 'relate counselling',
    ],
  },
  {
    id: 'funerals',
    category: 'bereavement',
    stems: [
      'uitvaart', 'crematori', 'crematie', 'cremation', 'begrafenis', 'begraaf', 'funeral', 'funerar',
      'funebre', 'bestattung', 'bestatter', 'undertaker', 'monuta', 'yarden', 'nabestaand', 'grafmonument',
      'grafsteen', 'friedhofsverwaltung', 'pompes funebres', 'obseques',
    ],
    words: ['dela'],
    prefixes: ['rouw'],
  },
];
