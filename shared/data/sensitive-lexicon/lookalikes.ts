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
  'pop',
  'puppen',
  'doll',
  'dolls',
  'teddy',
  'teddybeer',
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
  'chirurg',
  'chirurgie',
  'surgeon',
  'surgeons',
  'surgery',
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
      'jackpot pizza', 'ford escort', 'incasso retour', 'incassokosten retour', 'terugboeking incasso', 'storno incasso', 'christelijke mutualiteit', 'mutualite chretienne', 'credit union',
      'kredietbank sa', 'kbc', 'lastschrift inkasso', 'lastschriftinkasso', 'sepa inkasso', 'inkasso lastschrift',
      'cabot circus', 'kwf', 'kankerbestrijding', 'hartstichting', 'nierstichting', 'longfonds',
      'reumafonds', 'diabetes fonds', 'diabetesfonds', 'hersenstichting', 'cancer research', 'macmillan cancer',
      'krebshilfe', 'fondation contre le cancer', 'british heart foundation', 'stand up to cancer',
    ],
  },
  {
    id: 'not-unions-churches-or-care',
    stems: [
      'syndicat de copropriete', 'syndicat des coproprietaires', 'syndic de copropriete', 'syndic d immeuble',
      'syndicat d initiative', 'syndicat intercommunal', 'syndicat mixte', 'syndicat des eaux', 'syndicat d energie',
      'parish council', 'parish councils', 'parish precept', 'town and parish', 'hospital club', 'hospices de beaune',
      'acv automobil', 'automobil club', 'automobilclub', 'st john ambulance', 'first aid course', 'first aid training',
      'ehbo cursus', 'ehbo vereniging', 'erste hilfe kurs', 'escorted tour', 'escorted holiday', 'escorted coach',
      'tribunal de commerce', 'infogreffe', 'tribunal des activites economiques', 'bumble and bumble',
      'click and collect', 'collect go', 'collect and go', 'labor day', 'click collect', 'click en collect', 'click collect', 'collect plus', 'marston s',
      'marstons', 'cathedral city', 'temple spa', 'templespa', 'second love vintage', 'jackpot speelgoed',
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
    'trattoria', 'frituur', 'friterie', 'imbiss', 'kebab', 'sushi', 'kunstencentrum', 'cultuurcentrum',
    'concertzaal', 'concertgebouw', 'museum', 'bioscoop', 'cinema', 'wellness', 'beauty', 'pest control',
    'ongedierte', 'schadlingsbekampfung', 'schaedlingsbekaempfung', 'travel', 'reisbureau', 'reisburo', 'voyages',
    'vintage', 'kringloop', 'tweedehands', 'second hand', 'secondhand', 'brocante', 'thrift', 'fashion', 'toys', 'brewery', 'brouwerij', 'brauerei', 'taverne', 'herberg', 'gasthof',
    'hockeyclub', 'hockeyvereniging', 'voetbalclub', 'voetbalvereniging', 'tennisclub', 'tennisvereniging',
    'korfbal', 'schaakclub', 'schaakvereniging', 'bridgeclub', 'bridge bond', 'bridgebond', 'harmonie', 'fanfare',
    'scouting', 'sportvereniging', 'sportclub', 'zwemclub', 'zwemvereniging', 'golfclub', 'turnvereniging',
    'handbalvereniging', 'volleybalvereniging', 'basketbalclub', 'atletiekvereniging', 'fussballverein',
    'sportverein', 'turnverein', 'tennisverein', 'schachverein', 'football club', 'rugby club', 'cricket club',
    'hockey club', 'tennis club', 'golf club', 'chess club', 'bridge club', 'club de foot', 'club de tennis',
    'wijnhandel', 'weinhandel', 'winery', 'vineyard', 'wijngaard', 'weingut', 'domaine', 'concertzaal', 'haarverzorging', 'hairdress', 'kaasboer', 'fromagerie',
  ],
  words: [
    'bar', 'pub', 'salon', 'barn', 'cafe', 'grill', 'wok', 'snack', 'coffee', 'koffie', 'burger', 'burgers',
    'kapper', 'taxi', 'deur', 'deuren', 'kita', 'creche', 'fitness', 'transport', 'onderdelen', 'counter',
    'cosmetics', 'parfumerie', 'sephora', 'douglas', 'john lewis', 'debenhams', 'selfridges', 'ici paris',
    'spa', 'inn', 'tours', 'foto', 'photo', 'music', 'bakery', 'software', 'wines', 'vins', 'mode', 'reizen', 'reisen', 'hair', 'eetcafe', 'tearoom',
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
  'kerkuil', 'kerkhof', 'kerkhoven', 'kapelle op den bos', 'kapelle', 'kapellen', 'kapel avezaath', 'westkapelle',
  'oostkapelle', 'kapelle aan den ijssel', 'capelle aan den ijssel', 'kirchhain', 'templeuve', 'templemars',
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

/**
 * Cafés, restaurants and inns named after a sensitive word ("Café De Apotheek", "Café du Tribunal",
 * "Eetcafé Het Gerecht"): with a hospitality word in the text, a hit that follows an article is the
 * venue's name, not the entity. A hit without an article ("Casino Restaurant") still counts.
 */
// biome-ignore format: lexicon data, dense lines read better than one term per line
export const HOSPITALITY_WORDS: TermSet = {
  stems: [
    'eetcafe', 'grandcafe', 'restaurant', 'brasserie', 'bistro', 'taverne', 'herberg', 'gasthof', 'gasthaus',
    'wirtshaus', 'kneipe', 'estaminet', 'tearoom', 'lunchroom', 'cafetaria', 'pizzeria', 'brouwerij', 'brauerei',
    // Shops named after where they stand ("Boulangerie de l'Église", "Bakkerij bij de Kerk").
    'boulangerie', 'patisserie', 'bakkerij', 'bakery', 'backerei', 'baeckerei', 'boucherie', 'slagerij',
    'metzgerei', 'epicerie', 'librairie', 'fleuriste', 'bloemist', 'kapsalon', 'coiffure', 'friterie', 'frituur',
  ],
  words: ['cafe', 'cafes', 'bar', 'pub', 'inn', 'tavern', 'kroeg', 'hotel'],
};

/** Articles (and contractions) before a venue's name: "de", "het", "du", "the", "zum", ... */
export const VENUE_ARTICLES: readonly string[] = [
  'de',
  'het',
  't',
  'den',
  'du',
  'de la',
  'de l',
  'le',
  'la',
  'l',
  'les',
  'des',
  'the',
  'ye',
  'zum',
  'zur',
  'im',
  'in de',
  'in het',
  'op de',
  'bij de',
  'au',
  'aux',
  'a la',
];

/**
 * A person's name is not an organisation: initials or a first name (with an optional title and
 * particles) followed by a surname that happens to be a sensitive word ("R. Dokter", "H. Apotheker",
 * "Kees Kapelaan", "Marie Temple"). Only these surnames are excused, and only as the last word.
 */
// biome-ignore format: lexicon data, dense lines read better than one term per line
export const SURNAME_WORDS: readonly string[] = [
  'dokter', 'doctor', 'doktor', 'docteur', 'apotheker', 'kapelaan', 'kaplan', 'pastoor', 'pastor', 'priester',
  'priest', 'bisschop', 'bishop', 'bischof', 'deken', 'paus', 'pope', 'papst', 'kerk', 'kerkhof', 'kapel',
  'kapelle', 'chapel', 'chaplin', 'church', 'temple', 'tempel', 'abt', 'abbott', 'abbot', 'monnik', 'monk',
  'koster', 'engel', 'christ', 'christen', 'christian', 'jood', 'vicar', 'pfarrer', 'pape', 'lepape', 'leveque',
  'labbe', 'moine', 'prevost', 'diaken', 'diakon', 'deacon', 'heiden', 'bader', 'busse', 'marston', 'lowell',
  'gay', 'casino', 'kruk', 'halt', 'romeo', 'mormon', 'baptist', 'parson', 'parsons', 'dean', 'prior', 'chirurg',
];

/** Titles and particles that may stand in a person's name before the surname. */
// biome-ignore format: lexicon data, dense lines read better than one term per line
export const PERSON_NAME_PARTS: readonly string[] = [
  'dhr', 'mevr', 'mw', 'mr', 'mrs', 'ms', 'miss', 'herr', 'frau', 'm', 'mme', 'mlle', 'fam', 'familie', 'family',
  'van', 'de', 'der', 'den', 'ter', 'ten', 'te', 'het', 'von', 'vom', 'zu', 'le', 'la', 'du', 'des', 'di', 'da',
  'en', 'and', 'und', 'et', 'e', 'u',
];

/** Common first names (NL, BE, DE, FR, UK birth registers' most frequent), for the person-name rule. */
// biome-ignore format: lexicon data, dense lines read better than one term per line
export const FIRST_NAMES: readonly string[] = [
  'jan', 'piet', 'kees', 'klaas', 'henk', 'hans', 'peter', 'pieter', 'willem', 'wim', 'johan', 'johannes', 'jos',
  'joost', 'jeroen', 'bas', 'bart', 'tom', 'thomas', 'tim', 'daan', 'sem', 'lucas', 'luuk', 'milan', 'levi', 'noah',
  'finn', 'jesse', 'thijs', 'ruben', 'sander', 'stefan', 'mark', 'marco', 'martijn', 'erik', 'eric', 'frank',
  'gerard', 'gert', 'geert', 'dirk', 'dick', 'ruud', 'rob', 'robert', 'richard', 'rick', 'paul', 'michel',
  'michael', 'mike', 'david', 'daniel', 'dennis', 'niels', 'koen', 'wouter', 'maarten', 'arjan', 'arie', 'cor',
  'karel', 'theo', 'ton', 'anton', 'ad', 'harry', 'fred', 'bert', 'ben', 'ali', 'mohamed', 'ahmed', 'mustafa',
  'anna', 'anne', 'anja', 'annemarie', 'marie', 'maria', 'mary', 'marieke', 'mieke', 'els', 'ellen', 'eva', 'emma',
  'julia', 'sophie', 'sophia', 'sara', 'sarah', 'lisa', 'lotte', 'sanne', 'fleur', 'femke', 'iris', 'inge',
  'ingrid', 'karin', 'linda', 'monique', 'nicole', 'petra', 'sandra', 'sabine', 'susanne', 'marianne', 'martine',
  'wilma', 'yvonne', 'ria', 'tineke', 'truus', 'joke', 'greet', 'an', 'lies', 'liesbeth', 'elisabeth', 'elise',
  'chantal', 'nathalie', 'isabelle', 'sylvie', 'catherine', 'christine', 'claire', 'camille', 'chloe', 'lea',
  'manon', 'jeanne', 'louise', 'alice', 'jean', 'pierre', 'jacques', 'michel', 'philippe', 'alain', 'francois',
  'nicolas', 'olivier', 'patrick', 'christophe', 'laurent', 'julien', 'antoine', 'louis', 'hugo', 'arthur',
  'gabriel', 'jules', 'leo', 'raphael', 'thierry', 'luc', 'marc', 'andre', 'rene', 'yves', 'guy', 'serge',
  'wolfgang', 'jurgen', 'juergen', 'klaus', 'dieter', 'uwe', 'horst', 'helmut', 'gunter', 'guenter', 'werner',
  'manfred', 'ralf', 'jorg', 'joerg', 'andreas', 'stephan', 'christian', 'markus', 'matthias', 'sebastian',
  'tobias', 'florian', 'jonas', 'leon', 'felix', 'maximilian', 'max', 'paul', 'ursula', 'ute', 'heike', 'birgit',
  'gabriele', 'monika', 'petra', 'katrin', 'claudia', 'andrea', 'stefanie', 'julia', 'laura', 'lena', 'hannah',
  'mia', 'john', 'james', 'william', 'george', 'charles', 'henry', 'jack', 'harry', 'oliver', 'jacob', 'edward',
  'andrew', 'stephen', 'steven', 'simon', 'matthew', 'christopher', 'chris', 'ian', 'neil', 'gary', 'kevin',
  'graham', 'alan', 'colin', 'keith', 'susan', 'margaret', 'elizabeth', 'sarah', 'emily', 'jessica', 'olivia',
  'amelia', 'isla', 'ava', 'grace', 'charlotte', 'helen', 'jane', 'janet', 'karen', 'rachel', 'rebecca', 'ruth',
];
