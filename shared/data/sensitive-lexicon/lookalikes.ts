import type { LookalikeTerms, TermSet } from './types.js';

/**
 * Known look-alikes: innocuous names that contain a sensitive term. A sensitive term found entirely
 * inside one of these spans does not count; a sensitive term elsewhere in the same text still does.
 */

/** Trades that call their repair shop a "clinic" or "hospital": animals, vehicles, devices, goods, sports. */
const NON_HEALTH_TRADES = [
  'dieren',
  'dier',
  'huisdier',
  'paarden',
  'honden',
  'katten',
  'vogel',
  'tier',
  'pet',
  'vet',
  'animal',
  'auto',
  'car',
  'kfz',
  'fiets',
  'rijwiel',
  'bike',
  'fahrrad',
  'velo',
  'scooter',
  'brommer',
  'motor',
  'banden',
  'tyre',
  'tire',
  'deuken',
  'lak',
  'ruit',
  'telefoon',
  'phone',
  'gsm',
  'smartphone',
  'iphone',
  'handy',
  'tablet',
  'laptop',
  'computer',
  'pc',
  'mac',
  'tech',
  'console',
  'game',
  'camera',
  'foto',
  'schoen',
  'schoenen',
  'shoe',
  'kleding',
  'naaimachine',
  'tassen',
  'horloge',
  'uurwerk',
  'sieraden',
  'poppen',
  'knuffel',
  'speelgoed',
  'boom',
  'bomen',
  'tree',
  'planten',
  'plant',
  'gazon',
  'lawn',
  'tuin',
  'tapijt',
  'meubel',
  'leer',
  'bank',
  'piano',
  'gitaar',
  'guitar',
  'instrumenten',
  'koffie',
  'coffee',
  'espresso',
  'stofzuiger',
  'matras',
  'dak',
  'zwembad',
  'golf',
  'tennis',
  'hockey',
  'voetbal',
  'football',
  'sport',
  'ski',
  'surf',
  'schaats',
  'zeil',
  'boot',
  'boat',
  'kozijn',
  'pand',
  'witgoed',
  'wasmachine',
  'radio',
  'tv',
  'hifi',
  'audio',
  'drone',
  'lego',
  'model',
  'vinyl',
  'plaat',
];
const REPAIR_HEADS = [
  'kliniek',
  'clinic',
  'klinik',
  'clinique',
  'ziekenhuis',
  'hospital',
  'dokter',
  'doctor',
  'arzt',
  'apotheek',
];

const tradeClinics = NON_HEALTH_TRADES.flatMap((trade) =>
  REPAIR_HEADS.flatMap((head) => [`${trade}${head}`, `${trade} ${head}`, `${trade}en${head}`]),
);

// biome-ignore format: lexicon data, dense lines read better than one term per line
export const LOOKALIKE_EXCEPTIONS: readonly LookalikeTerms[] = [
  {
    id: 'non-health-clinics',
    stems: [
      ...tradeClinics, 'dierenarts', 'dierenartsen', 'dierenartspraktijk', 'tierarzt', 'tierarztpraxis', 'tierklinik',
      'veterinair', 'veterinar', 'veterinaire', 'veterinary', 'dierenambulance', 'dierenapotheek',
      'animal hospital', 'retail therapy', 'tennisclinic', 'golfclinic', 'voetbalclinic', 'hockeyclinic',
      'skiclinic', 'surfclinic', 'schaatsclinic', 'sportclinic', 'clinique vétérinaire',
    ],
  },
  {
    id: 'streets-and-places',
    stems: [
      'kerkstr', 'kerkweg', 'kerkplein', 'kerklaan', 'kerkpad', 'kerksteeg', 'kerkbuurt', 'kerkdijk',
      'kerkgracht', 'kerkhof', 'kerkring', 'kerkveld', 'kerkrade', 'kerkdriel', 'kerkwerve', 'kerkenveld',
      'kerkwijk', 'kerkebosch', 'kerkeland', 'kerkakker', 'kerkepad', 'kerkbrink', 'kerkewijk', 'achter de kerk',
      'bij de kerk', 'voor de kerk', 'kirchstr', 'kirchweg', 'kirchplatz', 'kirchgasse', 'kirchberg',
      'kirchheim', 'church street', 'church st', 'church road', 'church rd', 'church lane', 'church ln',
      'church hill', 'church end', 'church green', 'church farm', 'church walk', 'church square', 'church inn',
      'chapel street', 'chapel road', 'chapel lane', 'temple street', 'temple road', 'temple bar', 'temple run',
      'temple and webster', 'temple webster', 'rue de l eglise', 'place de l eglise', 'rue du temple',
      'abbey road', 'kloosterstraat', 'kapelstraat', 'pastoorstraat', 'casinoweg', 'casinoplein', 'casinolaan',
      'lottostraat', 'ziekenhuislaan', 'gasthuisstraat', 'gasthuismolen', 'gasthuisring', 'gasthuisberg',
      'sp z o o', 'sp zoo', 'sp j', 'sp k', 'az alkmaar', 'mc donald', 'mcdonald', 'mc fit', 'mcfit',
      'mc kinsey', 'mc gregor', 'mc cain', 'mccain', 'hospitality', 'dna fitness',
    ],
  },
  {
    id: 'surnames',
    stems: [
      'van der kerk', 'van de kerk', 'vanderkerk', 'vandekerk', 'terkerk', 'kerkhoven', 'kerkhofs', 'kerkmeester',
      'kerkman', 'jean baptiste', 'baptiste', 'baptista', 'evangelista', 'templeman', 'tempelman',
    ],
    words: ['kirchner', 'kirchhoff', 'casinius'],
  },
  {
    id: 'brands',
    stems: [
      'lotto sport', 'lotto italia', 'lotto shoes', 'church s shoes', 'churchs shoes', 'church dwight',
      'church and dwight', 'geant casino', 'casino supermarche', 'supermarche casino', 'casino shop',
      'petit casino', 'casino guichard', 'casino proxi', 'casino royale', 'toto europe', 'toto ltd',
      'toto sanitair', 'canon eos', 'bingo bongo', 'poker face', 'unite students', 'clinique cosmetics',
      'clinique laboratories', 'clinique beauty', 'genesis motors', 'hinge health', 'heilige boontjes',
      'pride of rotterdam', 'pride of bruges', 'pride of hull', 'pride of', 'alfa romeo', 'romeo y julieta',
      'jackpot pizza', 'ford escort', 'christelijke mutualiteit', 'mutualite chretienne', 'credit union',
      'kredietbank sa', 'kbc', 'lastschrift inkasso', 'lastschriftinkasso', 'sepa inkasso', 'inkasso lastschrift',
      'cabot circus', 'kwf', 'kankerbestrijding', 'hartstichting', 'nierstichting', 'longfonds',
      'reumafonds', 'diabetes fonds', 'diabetesfonds', 'hersenstichting', 'cancer research', 'macmillan cancer',
      'krebshilfe', 'fondation contre le cancer', 'british heart foundation', 'stand up to cancer',
    ],
  },
  {
    id: 'everyday-words',
    stems: [
      'automatische incasso', 'sepa incasso', 'zorgeloos', 'zorgvuldig', 'arts and crafts', 'fine arts',
      'martial arts', 'performing arts', 'auto parts', 'spare parts', 'sportwetenschap',
    ],
  },
];

/**
 * Everyday trades named in a business's own name ("Romeo's Pizza", "Autobedrijf De Unie", "Tithe Barn
 * Restaurant"). When a text names one, hits from whole words, prefixes and suffixes (short acronyms,
 * common words) do not count; distinctive stems ("ziekenhuis", "erotic") still do.
 */
// biome-ignore format: lexicon data, dense lines read better than one term per line
export const TRADE_CONTEXT: TermSet = {
  stems: [
    'restaurant', 'pizz', 'snackbar', 'cafetaria', 'eiscafe', 'eetcafe', 'brasserie', 'bistro',
    'bakkerij', 'backerei', 'baeckerei', 'boulangerie', 'slagerij', 'metzgerei', 'boucherie', 'catering',
    'hotel', 'hostel', 'camping', 'autobedrijf', 'autohaus', 'autoservice', 'garage', 'carrosserie',
    'verwarming', 'sanitair', 'sanitaer', 'heizung', 'installatie', 'installateur', 'loodgieter', 'klempner',
    'plombier', 'elektro', 'schildersbedrijf', 'hoveniers', 'hovenier', 'tuincentrum', 'gartenbau',
    'bouwbedrijf', 'aannemer', 'bauunternehmen', 'dakdekker', 'timmerbedrijf', 'schreinerei', 'menuiserie',
    'hardware', 'ijzerwaren', 'bouwmarkt', 'baumarkt', 'supplies', 'groothandel', 'grosshandel', 'wholesale',
    'onderdelen', 'ersatzteile', 'spare parts', 'kapsalon', 'friseur', 'coiffure', 'barbershop', 'hair salon',
    'nagelstudio', 'festival', 'speelparadijs', 'bowling', 'beveiliging', 'inbraak', 'slotenmaker',
    'schlusseldienst', 'serrurier', 'verhuisbedrijf', 'umzug', 'demenagement', 'schoonmaak', 'nettoyage',
    'kledingzaak', 'bloemist', 'fleuriste', 'florist', 'drukkerij', 'druckerei',
    'imprimerie', 'makelaar', 'immobilien', 'immobilier', 'logistiek', 'logistik', 'koeriers',
    'kinderopvang', 'jeugdhuis', 'speelgoed', 'spielwaren', 'boekhandel', 'buchhandlung', 'librairie',
    'sportschool', 'dansschool', 'muziekschool', 'rijschool', 'fahrschule', 'ijssalon', 'pizzeria',
    'trattoria', 'frituur', 'friterie', 'imbiss', 'kebab', 'sushi',
  ],
  words: [
    'bar', 'pub', 'salon', 'barn', 'cafe', 'grill', 'wok', 'snack', 'coffee', 'koffie', 'burger', 'burgers',
    'kapper', 'taxi', 'deur', 'deuren', 'kita', 'creche', 'fitness', 'transport', 'onderdelen', 'counter',
    'cosmetics', 'parfumerie', 'sephora', 'douglas', 'john lewis', 'debenhams', 'selfridges', 'ici paris',
  ],
};

/**
 * Health words in the name of a business that serves animals, vehicles or devices ("Klinik für
 * Kleintiere", "Dierenkliniek", "Fietsdokter"): with one of these, health hits do not count.
 */
// biome-ignore format: lexicon data, dense lines read better than one term per line
export const NON_HUMAN_CARE_CONTEXT: TermSet = {
  stems: [
    'kleintier', 'huisdier', 'dierenart', 'dierenkli', 'dierenzieken', 'tierarzt', 'tierklinik', 'tierarzt',
    'veterin', 'paardenkliniek', 'pferdeklinik', 'pferdeprax', 'hondenkliniek', 'kattenkliniek',
    'animal', 'pets', 'dierenarts', 'autokliniek', 'fietskliniek', 'fietsdokter', 'telefoonkliniek',
    'smartphone', 'iphone', 'laptop', 'computer', 'fahrrad', 'kfz', 'repair', 'reparatie', 'reparatur',
  ],
  words: ['tiere', 'dieren kliniek', 'pet', 'vet', 'vets', 'auto', 'car', 'bike', 'phone', 'gsm', 'velo', 'moto', 'voiture', 'telephone', 'ordinateur', 'handy'],
};

/**
 * Street words: a sensitive term immediately followed by one of these ("Kerkstraat", "Casinoweg",
 * "Church Street", "Kirchstraße") names a street, not the entity.
 */
export const STREET_WORDS: readonly string[] = [
  'straat',
  'str',
  'weg',
  'laan',
  'plein',
  'pad',
  'steeg',
  'dijk',
  'gracht',
  'kade',
  'singel',
  'dreef',
  'ring',
  'hof',
  'markt',
  'veld',
  'strasse',
  'gasse',
  'platz',
  'allee',
  'street',
  'st',
  'road',
  'rd',
  'lane',
  'ln',
  'avenue',
  'ave',
  'square',
  'close',
  'way',
  'hill',
  'walk',
  'green',
  'end',
  'row',
  'terrace',
];

/** French and Belgian street names put the street word first: "Rue de l'Église", "Place du Temple". */
export const STREET_BEFORE =
  /(?:^| )(?:rue|place|avenue|av|chemin|impasse|allee|boulevard|bd|quai|cours|ruelle|square|parvis)(?: (?:de|du|des|de la|de l|d|la|le|les|l))? $/;

/** The words STREET_BEFORE looks for. */
export const STREET_BEFORE_WORDS: readonly string[] = [
  'rue',
  'place',
  'avenue',
  'av',
  'chemin',
  'impasse',
  'allee',
  'boulevard',
  'bd',
  'quai',
  'cours',
  'ruelle',
  'square',
  'parvis',
];

/** Places whose names end in a sensitive word (CBS and Statbel place-name lists): "Nijkerk", "Ouderkerk". */
// biome-ignore format: lexicon data, dense lines read better than one term per line
export const PLACE_NAMES: readonly string[] = [
  'nijkerk', 'nijkerkerveen', 'ouderkerk', 'nieuwerkerk', 'nieuwerkerke', 'lekkerkerk', 'ouwerkerk', 'hoogkerk',
  'oudkerk', 'grijpskerk', 'grijpskerke', 'koudekerk', 'koudekerke', 'serooskerke', 'aagtekerke', 'biggekerke',
  'meliskerke', 'kerkwerve', 'middelkerke', 'oostkerke', 'westkerke', 'nieuwkerke', 'nieuwkerken', 'kerksken',
  'kerkhove', 'duinkerke', 'kerkrade', 'kerkdriel', 'neunkirchen', 'gelsenkirchen', 'feldkirchen',
  'kerkuil', 'kerkhof', 'kerkhoven',
];

/**
 * Brands whose whole name is a sensitive word: a merchant called exactly "CLINIQUE" is the cosmetics
 * brand (a clinic names itself "Clinique Saint-Jean"). Only the complete text is excused.
 */
export const WHOLE_NAME_LOOKALIKES: readonly string[] = [
  'clinique',
  'clinique laboratories',
  'church s',
  'churchs',
];
