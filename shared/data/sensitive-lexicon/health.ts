import type { CounterpartyRule } from './types.js';

/** Health (GDPR art. 9), including genetic data: care providers, insurers, care brands, DNA tests. */
// biome-ignore format: lexicon data, dense lines read better than one term per line
export const HEALTH_RULES: readonly CounterpartyRule[] = [
  {
    id: 'health-care-providers',
    category: 'health',
    languages: ['nl', 'en', 'de', 'fr'],
    source:
      'Professions of the Dutch BIG register and Belgian/German/French/UK health-profession lists ' +
      '(BIG-register, RIZIV/INAMI, Bundesärztekammer, Ordre des médecins, NHS ODS organisation types).',
    stems: [
      'ziekenhuis', 'medisch centrum', 'medisch specialis', 'medical cent', 'medical practice', 'kliniek',
      'clinic', 'klinik', 'krankenhaus', 'hopital', 'hospitali', 'centre hospitalier', 'gasthuis',
      'apotheek', 'apotheke', 'apotheker', 'apothicaire', 'pharmac', 'farmacie', 'huisarts', 'tandarts',
      'oogarts', 'kinderarts', 'longarts', 'huidarts', 'arts assistent', 'zahnarzt', 'hausarzt',
      'facharzt', 'kinderarzt', 'frauenarzt', 'augenarzt', 'arztpraxis', 'arzte', 'aerzte', 'medecin',
      'docteur', 'cabinet medical', 'cabinet dentaire', 'dentiste', 'zahnmedizin', 'mondhygien',
      'mondzorg', 'orthodont', 'kieferorthop', 'fysiothera', 'physiothera', 'physiotherap', 'physio ',
      'krankengymnast', 'kinesith', 'manuele thera', 'oefenthera', 'osteopa', 'chiropra', 'podothera',
      'podolog', 'podiatr', 'chiropod', 'psycholo', 'psychiat', 'psychothera', 'psychotherap',
      'psychosoc', 'psychomot', 'therapeut', 'therapie', 'therapy', 'therapist', 'ggz', 'geestelijke gezondheid',
      'mental health', 'verslavingszorg', 'verslaving', 'addiction', 'suchtberat', 'suchthilfe',
      'suchtklinik', 'drogenberat', 'afkick', 'rehab ', 'verloskund', 'kraamzorg', 'hebamme',
      'sage femme', 'gynaecolo', 'gynecolo', 'gynakolog', 'uroloog', 'urolog', 'cardiolo', 'kardiolo',
      'oncolo', 'onkolo', 'neurolo', 'orthoped', 'orthopad', 'reumatolo', 'rheumatolo', 'radiolo',
      'internist', 'chirurg', 'surgeon', 'anesthes', 'dermatolo', 'dietist', 'dieetist', 'logoped',
      'logopad', 'orthophon', 'ergothera', 'ergotherap', 'thuiszorg', 'wijkverpleeg', 'verpleeg',
      'verzorgingshuis', 'zorginstelling', 'zorggroep', 'zorgcentrum', 'woonzorg', 'ouderenzorg',
      'gehandicaptenzorg', 'revalidatie', 'rehabilitation', 'nursing home', 'care home', 'infirmier',
      'pflegedienst', 'pflegeheim', 'krankenpflege', 'altenpflege', 'tagespflege', 'pflegekasse',
      'hospice', 'hospiz', 'ambulance', 'fertiliteit', 'fertility', 'vruchtbaarheid', 'kinderwens',
      'abortus', 'abortion', 'abtreibung', 'schwangerschaftsabbruch', 'avortement', 'zwangerschap',
      'pregnan', 'schwanger', 'grossesse', 'opticien', 'optician', 'optometr', 'ophthalm', 'audicien',
      'audiolog', 'hoorzorg', 'hoortoestel', 'horgerat', 'hoergeraet', 'hearing aid', 'hearing care',
      'sanitatshaus', 'sanitaetshaus', 'orthopedisch', 'prothese', 'laboratoire d analyses',
      'medizinisches versorgungszentrum', 'gezondheidscentrum', 'health centre', 'health center',
      'healthcare', 'medical', 'medisch', 'medizinisch', 'huisartsenpost', 'bloedafname',
      'prikpost', 'trombosedienst', 'dialyse', 'dialysis', 'oncology',
    ],
    // Whole words where the stem would hide inside everyday words ("hospitality", "incidental").
    words: [
      'phie', 'pharm', 'apoth', 'zkh', 'hospital', 'hospitaal', 'dental', 'dentist', 'dentists', 'surgery', 'gp', 'nhs', 'chu', 'chr',
      'chirec', 'mvz', 'kine', 'fysio', 'physio', 'ivg', 'praxis dr', 'arzt', 'chemist', 'chemists',
      'dokter', 'doctor', 'doctors', 'optiek', 'optik', 'optique', 'infirmary',
    ],
    // "Clinique Saint-Luc", "Cliniques universitaires", but not the cosmetics counter ("CLINIQUE COUNTER").
    prefixes: ['clinique'],
    // Hospitals known by their short names: "Amsterdam UMC", "Radboudumc", "AZ Groeninge", "Erasmus MC".
    suffixes: ['umc', 'umcg', 'mumc'],
    justification: 'Payments to or from a care provider reveal health care use (art. 9 health data).',
    examples: [
      'Ziekenhuis Amstelland', 'Stichting Ziekenhuisgroep Twente', 'Amsterdam UMC', 'Radboudumc',
      'Apotheek De Linde', 'Huisartsenpraktijk Zuid', 'Tandartspraktijk Smile', 'Parnassia GGZ',
      'Fysiotherapie Centrum', 'Diëtistenpraktijk Gezond', 'Casa Kliniek', 'Zahnarztpraxis Dr. Weber',
      'Klinikum Stuttgart', 'Hôpital Saint-Louis', 'Cabinet de kinésithérapie', 'NHS Prescription',
    ],
  },
  {
    id: 'hospitals-by-short-name',
    category: 'health',
    languages: ['nl', 'en', 'de', 'fr'],
    source:
      'Hospital lists: NVZ and NFU members (NL), Zorgatlas/Vlaams Agentschap Zorg en Gezondheid (BE), ' +
      'Deutsches Krankenhausverzeichnis (DE), NHS trusts (UK), FHF (FR).',
    words: [
      'erasmus mc', 'lumc', 'umcu', 'vumc', 'amc', 'olvg', 'avl', 'nki', 'mst', 'zgt', 'mcl', 'nwz', 'jbz',
      'etz', 'adrz', 'smz', 'lzr', 'mc', 'az', 'uz', 'uza', 'zna', 'gza', 'zol', 'zas', 'azorg', 'vitaz',
      'chc', 'huderf', 'chirec', 'isala', 'rijnstate', 'gelre', 'amphia', 'maasstad', 'zuyderland',
      'dijklander', 'spaarne', 'tergooi', 'alrijne', 'ikazia', 'bravis', 'elkerliek', 'viecuri',
      'laurentius', 'treant', 'saxenburgh', 'slingeland', 'santiz', 'rivas', 'bovenij', 'bernhoven',
      'pantein', 'zorgsaam', 'jessa', 'imelda', 'erasme', 'charite', 'vivantes', 'asklepios',
      'sana kliniken', 'helios kliniken', 'helios klinikum', 'bupa', 'nuffield health', 'spire healthcare',
      'moorfields', 'great ormond street', 'franciscus', 'antonius', 'st antonius', 'sint maartenskliniek',
      'prinses maxima centrum', 'maxima mc', 'catharina', 'deventer ziekenhuis', 'frisius mc',
      'martini ziekenhuis', 'nij smellinghe', 'tjongerschans', 'ommelander', 'wilhelmina ziekenhuis',
      'sanquin', 'saltro', 'star shl', 'certe', 'atalmedial', 'unilabs', 'synlab', 'cerballiance',
      'biogroup', 'amedes', 'limbach', 'doctolib', 'zorgdomein', 'thuisarts',
    ],
    fields: ['name'],
    justification:
      'Hospitals, labs and clinic chains are often paid under their short names or acronyms; as whole ' +
      'words on names only, with look-alikes ("AZ Alkmaar", "Mc Donalds") listed as exceptions.',
    examples: ['Erasmus MC', 'AZ Groeninge Kortrijk', 'UZ Leuven', 'OLVG Oost', 'Isala Zwolle', 'Charité Berlin'],
  },
  {
    id: 'mental-health-addiction-brands',
    category: 'health',
    languages: ['nl', 'en', 'de', 'fr'],
    source:
      'Members of De Nederlandse GGZ and Verslavingskunde Nederland; NHS mental-health trusts; ' +
      'abortion providers registered under the Dutch Wet afbreking zwangerschap; pregnancy-advice services.',
    stems: [
      'jellinek', 'parnassia', 'tactus', 'brijder', 'novadic', 'kentron', 'iriszorg', 'victas',
      'ggz ingeest', 'lentis', 'dimence', 'mondriaan', 'altrecht', 'pro persona', 'yulius', 'emergis',
      'rivierduinen', 'reinier van arkel', 'ggnet', 'accare', 'psyq', 'interpsy', 'mentaal beter',
      'fivoor', 'forensische zorg', 'trimbos', 'priory group', 'castle craig', 'bouman ggz', 'antes zorg',
      'verslavingskliniek', 'alcoholics anonymous', 'narcotics anonymous', 'anonieme alcoholisten',
      'bloemenhove', 'beahuis', 'gynaikon', 'vrelinghuis', 'marie stopes', 'msi reproductive', 'bpas',
      'pro familia', 'planned parenthood', 'planning familial', 'fiom', 'siriz', 'rutgers stichting',
      'nij geertgen', 'spermabank', 'eicelbank', 'zelfmoordpreventie', 'suicide prevent', 'nvve',
      'levenseindekliniek', 'expertisecentrum euthanasie', 'euthanasie',
    ],
    words: ['arkin', 'ggd', 'ivf', 'icsi', 'vnn', 'gds', 'nvve'],
    justification: 'Addiction care, mental health, abortion, fertility and end-of-life care.',
    examples: ['Jellinek Amsterdam', 'GGD Hollands Midden', 'Bloemenhove Kliniek', 'Fiom', 'Pro Familia Beratung'],
  },
  {
    id: 'sexual-health-and-genetics',
    category: 'health',
    languages: ['nl', 'en', 'de', 'fr'],
    source:
      'HIV and STI organisations (Soa Aids Nederland, Deutsche Aidshilfe, Terrence Higgins Trust); ' +
      'direct-to-consumer genetic test providers (the EU and UK consumer DNA-test market).',
    stems: [
      'aidsfonds', 'aidshilfe', 'soa aids', 'soapoli', 'hiv vereniging', 'terrence higgins', 'hepatitis',
      '23andme', 'ancestrydna', 'ancestry dna', 'myheritage dna', 'familytreedna', 'living dna', 'livingdna',
      'nebula genomics', 'dante labs', '24genetics', 'tellmegen', 'igenea', 'cri genetics', 'dna test',
      'dnatest', 'dna kit', 'dna analyse', 'dna analysis', 'genetic test', 'genetisch', 'genetic',
      'genetique', 'genetik', 'gentest', 'genomic', 'vaderschapstest', 'paternity test', 'vaterschaftstest',
      'zwangerschapstest', 'pregnancy test', 'soa test', 'sti test', 'std test', 'hiv test', 'prep kliniek',
    ],
    words: ['hiv', 'aids', 'soa', 'soas', 'sti', 'std', 'dna', 'genom', 'genomics', 'prep'],
    justification: 'HIV/STI care and genetic tests reveal health and genetic data (art. 9).',
    examples: ['HIV Vereniging Nederland', 'Soa Aids Nederland', '23andMe', 'AncestryDNA kit', 'DNA-test bestelling'],
  },
  {
    id: 'long-term-care-funding',
    category: 'health',
    languages: ['nl', 'fr', 'de'],
    source: 'Dutch care-funding bodies (CAK, SVB-PGB, Wlz/Wmo under the Wet langdurige zorg and Wmo 2015); Belgian home nursing.',
    stems: [
      'eigen risico zorg', 'eigen bijdrage zorg', 'eigen bijdrage wmo', 'eigen bijdrage wlz', 'persoonsgebonden budget',
      'wit gele kruis', 'croix jaune et blanche', 'declaratie zorg', 'zorgdeclaratie', 'zahnreinigung', 'prophylaxe',
      'tandreiniging', 'pflegegrad', 'pflegegeld', 'pflegestufe',
    ],
    words: ['pgb', 'wmo', 'cak', 'wlz', 'cgg', 'ap hp', 'aphp', 'pzr'],
    justification:
      'Payments for long-term care, home nursing or personal care budgets reveal a need for care. Health ' +
      'insurers themselves are not screened: everyone in NL, BE and DE must hold basic cover, so a premium ' +
      'reveals nothing; a claim reveals care only through its reference, which the care words above catch.',
    examples: ['CAK eigen bijdrage', 'SVB PGB uitbetaling', 'Wit-Gele Kruis Vlaanderen', 'AP-HP'],
  },
  {
    id: 'health-retail-brands',
    category: 'health',
    languages: ['nl', 'en', 'de', 'fr'],
    source: 'Optical, hearing and online-pharmacy chains (trade registers and the chains own sites).',
    stems: [
      'specsavers', 'pearle', 'hans anders', 'eyewish', 'fielmann', 'apollo optik', 'grandvision',
      'vision express', 'krys', 'afflelou', 'optic 2000', 'beter horen', 'schoonenberg', 'amplifon',
      'kind horen', 'kind hoergeraete', 'audika', 'docmorris', 'shop apotheke', 'medpex', 'sanicare',
      'benu', 'mediq', 'thuisapotheek', 'lloyds pharmacy', 'boots pharmacy', 'well pharmacy',
    ],
    justification: 'Optical and hearing chains and pharmacies reveal medical aids and prescriptions.',
    examples: ['Specsavers Utrecht', 'Beter Horen BV', 'DocMorris', 'Fielmann AG'],
  },
  {
    id: 'patient-associations',
    category: 'health',
    languages: ['nl', 'en', 'de', 'fr'],
    source:
      'Patient and disease associations: Patiëntenfederatie Nederland members, Vlaams Patiëntenplatform, ' +
      'BAG Selbsthilfe (DE), UK Charity Commission patient charities, France Assos Santé.',
    stems: [
      'patientenvereniging', 'patienten vereniging', 'patientenfederatie', 'patienten',
      'patient association', 'patients association', 'selbsthilfe', 'patientenverband', 'diabetes', 'diabetic',
      'reuma', 'rheuma', 'parkinson', 'alzheimer', 'dementie', 'dementia', 'demenz', 'epilep', 'nierpatient',
      'dialysepatient', 'hartpatient', 'longpatient', 'crohn', 'colitis', 'psoriasis', 'fibromyalg',
      'multiple sclero', 'ms vereniging', 'ms liga', 'spierziekte', 'muskelkrank', 'autisme', 'autism',
      'autismus', 'adhd', 'depressie', 'depression', 'anorexia', 'eetstoornis', 'essstorung', 'hersenletsel',
      'kanker', 'cancer', 'krebs', 'leukem', 'aidshilfe', 'mucoviscidose', 'cystic fibrosis', 'down syndroom',
      'downsyndroom', 'down syndrome', 'slechtzienden', 'blinden', 'doven', 'dovenschap', 'schwerhorig',
      'schwerhoerig', 'hoormij', 'stotter', 'incontinent', 'stoma', 'transplant', 'hemofilie', 'haemophilia',
    ],
    justification:
      'Membership of or payments to a patient association reveal an illness of the customer or a relative. ' +
      'Mass-appeal fundraising funds (KWF, Hartstichting, Cancer Research UK, ...) are look-alikes: ' +
      'giving to them is common and reveals no illness (./lookalikes.ts).',
    examples: ['Diabetesvereniging Nederland', 'Deutsche Rheuma-Liga e.V.', 'Parkinson Vereniging', 'Diabetes UK'],
  },
];
