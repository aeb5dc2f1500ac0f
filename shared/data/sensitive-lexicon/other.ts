import type { CounterpartyRule } from './types.js';

/** Beliefs through membership, personal crises and bereavement. */
// biome-ignore format: lexicon data, dense lines read better than one term per line
export const OTHER_RULES: readonly CounterpartyRule[] = [
  {
    id: 'fraternal-organisations',
    category: 'membership',
    languages: ['nl', 'en', 'de', 'fr'],
    source: 'Grand lodges (Grootoosten der Nederlanden, UGLE, VGLvD, GODF) and service clubs.',
    stems: ['vrijmetselar', 'freemason', 'freimaurer', 'franc macon', 'grootoosten', 'grand lodge', 'grande loge'],
    words: ['loge', 'rotary', 'lions club', 'odd fellows', 'kiwanis', 'ronde tafel', 'round table'],
    justification: 'Lodges and fraternal clubs reveal beliefs and affiliations.',
    examples: ['Orde van Vrijmetselaren', 'Rotary Club Delft', 'Loge La Bien Aimée'],
  },
  {
    id: 'counselling',
    category: 'counselling',
    languages: ['nl', 'en', 'de', 'fr'],
    source: 'Social-work, domestic-violence and crisis-line organisations (Valente members, Telefonseelsorge, Samaritans).',
    stems: [
      'relatietherap', 'huwelijkstherap', 'gezinsthera', 'maatschappelijk werk', 'levenscoach',
      'veilig thuis', 'blijf van m n lijf', 'blijfgroep', 'vrouwenopvang', 'frauenhaus', 'womens aid',
      'women s aid', 'samaritans', 'sensoor', 'luisterlijn', 'kindertelefoon', 'telefonseelsorge',
      'eheberatung', 'familienberatung', 'paarberatung', 'conseil conjugal', 'marriage counsel',
      'relationship counsel', 'relate counselling',
    ],
    justification: 'Relationship therapy, social work and crisis lines reveal personal crises.',
    examples: ['Praktijk voor Relatietherapie', 'Stichting Maatschappelijk Werk Delft', 'Veilig Thuis Utrecht'],
  },
  {
    id: 'funerals',
    category: 'bereavement',
    languages: ['nl', 'en', 'de', 'fr'],
    source: 'Funeral trade associations (BGNU, NUVU, Bundesverband Deutscher Bestatter, NAFD) and crematoria.',
    stems: [
      'uitvaart', 'crematori', 'crematie', 'cremation', 'begrafenis', 'begraaf', 'funeral', 'funerar',
      'funebre', 'bestattung', 'bestatter', 'undertaker', 'monuta', 'yarden', 'nabestaand', 'grafmonument',
      'grafsteen', 'friedhofsverwaltung', 'pompes funebres', 'obseques',
    ],
    words: ['dela'],
    prefixes: ['rouw'],
    justification: 'Reveals a death in the family; grief is no sales moment.',
    examples: ['Uitvaartcentrum Zuid', 'Crematorium Westerveld', 'Rouwcentrum Het Licht', 'DELA Coöperatie'],
  },
];
