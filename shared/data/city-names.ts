/**
 * Names of well-known cities, in Dutch and English spellings, for the lint of a trigger's customer-facing
 * explanation (shared/core/catalog/explanation-lint.ts): an explanation must not say where a payment was
 * made. Country names come from ICU (Intl.DisplayNames, every ISO 3166 code in Dutch and English), and a
 * capitalised name is refused whatever it is; this list catches a city written in lower case. Not complete
 * and not meant to be: capitals of Europe and its neighbours, the largest cities of the world, the larger
 * Dutch and Belgian cities and the usual holiday destinations. Written as they are spelled (diacritics are
 * folded when compared). Add a name when a review finds one missing.
 */
// biome-ignore format: dense word list
export const CITY_NAMES: readonly string[] = [
  // The Netherlands and Belgium
  'amsterdam', 'rotterdam', 'den haag', 'the hague', "'s-gravenhage", 'utrecht', 'eindhoven', 'groningen',
  'tilburg', 'almere', 'breda', 'nijmegen', 'arnhem', 'haarlem', 'enschede', 'maastricht', 'leiden',
  'delft', 'zwolle', 'amersfoort', 'apeldoorn', 'den bosch', "'s-hertogenbosch", 'leeuwarden', 'schiphol',
  'brussel', 'brussels', 'bruxelles', 'antwerpen', 'antwerp', 'gent', 'ghent', 'brugge', 'bruges',
  'liège', 'leuven', 'charleroi', 'luxemburg', 'luxembourg',
  // Europe
  'parijs', 'paris', 'londen', 'london', 'berlijn', 'berlin', 'madrid', 'barcelona', 'rome', 'roma',
  'milaan', 'milan', 'napels', 'naples', 'venetië', 'venice', 'florence', 'firenze', 'lissabon', 'lisbon',
  'porto', 'wenen', 'vienna', 'praag', 'prague', 'boedapest', 'budapest', 'warschau', 'warsaw', 'krakau',
  'krakow', 'kopenhagen', 'copenhagen', 'stockholm', 'oslo', 'helsinki', 'reykjavik', 'dublin',
  'edinburgh', 'manchester', 'athene', 'athens', 'kreta', 'crete', 'rhodos', 'rhodes', 'ibiza', 'mallorca',
  'majorca', 'tenerife', 'gran canaria', 'lanzarote', 'malaga', 'málaga', 'sevilla', 'seville', 'valencia',
  'marseille', 'lyon', 'keulen', 'cologne', 'düsseldorf', 'dusseldorf', 'hamburg', 'münchen',
  'munich', 'frankfurt', 'zürich', 'zurich', 'genève', 'geneva', 'bern', 'istanbul', 'ankara', 'antalya',
  'moskou', 'moscow', 'kiev', 'kyiv', 'boekarest', 'bucharest', 'sofia', 'belgrado', 'belgrade', 'zagreb',
  'dubrovnik', 'ljubljana', 'bratislava', 'tallinn', 'riga', 'vilnius', 'valletta',
  // Elsewhere
  'new york', 'los angeles', 'san francisco', 'las vegas', 'miami', 'orlando', 'chicago', 'washington',
  'boston', 'toronto', 'montreal', 'vancouver', 'mexico-stad', 'mexico city', 'cancún', 'cancun',
  'havana', 'rio de janeiro', 'são paulo', 'sao paulo', 'buenos aires', 'lima', 'bogotá', 'bogota',
  'santiago', 'willemstad', 'oranjestad', 'kralendijk', 'paramaribo', 'caïro', 'cairo', 'marrakech',
  'marrakesh', 'casablanca', 'tunis', 'kaapstad', 'cape town', 'johannesburg', 'nairobi', 'lagos',
  'dubai', 'abu dhabi', 'doha', 'tel aviv', 'jeruzalem', 'jerusalem', 'mekka', 'mecca', 'riyad',
  'riyadh', 'teheran', 'tehran', 'bagdad', 'baghdad', 'mumbai', 'delhi', 'new delhi', 'bangalore',
  'bangkok', 'phuket', 'bali', 'jakarta', 'singapore', 'singapoer', 'kuala lumpur', 'hongkong',
  'hong kong', 'peking', 'beijing', 'shanghai', 'tokio', 'tokyo', 'osaka', 'kyoto', 'seoul', 'manilla',
  'manila', 'hanoi', 'ho chi minhstad', 'ho chi minh city', 'sydney', 'melbourne', 'auckland',
];
