import type { LexiconRule } from './types.js';

/** Sex life and sexual orientation (GDPR art. 9). */
// biome-ignore format: lexicon data, dense lines read better than one term per line
export const SEX_LIFE_RULES: readonly LexiconRule[] = [
  {
    id: 'dating-platforms',
    category: 'sex-life',
    stems: [
      'datingsite', 'datingapp', 'dating app', 'online dating', 'speeddate', 'speed dating', 'elitedating',
      'elite dating', 'elitepartner', 'relatiebemiddel', 'huwelijksbureau', 'partnervermittlung',
      'agence matrimoniale', 'site de rencontre', 'relatieplanet', 'parship', 'e matching', 'ematching',
      'lexa nl', 'meetic', 'match com', 'match group', 'matchgroup', 'okcupid', 'grindr', 'lovoo', 'zoosk',
      'plenty of fish', 'plentyoffish', 'christian mingle', 'jdate', 'muzmatch', 'shaadi', 'ourtime',
      '50plusmatch', 'secondlove', 'ashley madison', 'ashleymadison', 'victoria milan',
      'gleeden', 'c date', 'joyclub', 'adopteunmec', 'adopte un mec', 'fruitz', 'attractive world',
      'lovescout', 'friendscout', 'academic singles', 'academicsingles', 'silversingles', 'silver singles',
      'planetromeo', 'planet romeo', 'scruff', 'taimi', 'hinge app', 'badoo', 'happn', 'feeld', 'inner circle', 'theinnercircle', 'edarling', 'lumen app',
    ],
    words: ['second love', 'dating', 'lexa', 'hinge', 'raya', 'hornet', 'romeo', 'muzz', 'her app', 'pof', 'tinder', 'bumble'],
  },
  {
    id: 'adult-services',
    category: 'sex-life',
    stems: [
      'escort', 'seksclub', 'sexclub', 'sex club', 'sexshop', 'seksshop', 'sex shop', 'erotisch', 'erotiek',
      'erotik', 'erotic', 'erotique', 'privehuis', 'prive huis', 'massagesalon', 'bordeel', 'bordell',
      'brothel', 'laufhaus', 'eroscenter', 'swingers', 'parenclub', 'stripclub', 'strip club', 'peepshow',
      'table dance', 'tabledance', 'camgirl', 'webcam sex', 'sexcam', 'chaturbate', 'stripchat', 'onlyfans',
      'fansly', 'pornhub', 'brazzers', 'xhamster', 'xvideos', 'youporn', 'livejasmin', 'beate uhse',
      'easytoys', 'christine le duc', 'lovehoney', 'ann summers', 'womanizer', 'satisfyer', 'we vibe',
      'playboy', 'penthouse', 'hustler', 'kink com', 'fetish', 'fetisch', 'bdsm', 'sextoy', 'sex toy',
      'seksspeeltje', 'vibrator', 'dildo', 'porn', 'seksuoloog', 'sexolog', 'sexualtherap', 'probiller',
      'ccbill', 'epoch com', 'segpay', 'verotel', 'vendo services', 'paxum', 'pabo bv', 'pabo nl', 'pabo com',
      'amorelie', 'passage du desir', 'eis de', 'orion versand', 'dildoking', 'sexspielzeug', 'love toys',
    ],
    words: ['sex', 'seks', 'fkk', 'xxx', 'sm club', 'rosse buurt'],
  },
  {
    id: 'lgbtq-organisations',
    category: 'sex-life',
    stems: [
      'coc nederland', 'lhbti', 'lhbt', 'lgbt', 'lgbtq', 'queer', 'lesbi', 'homoseks', 'homosex',
      'bisexu', 'biseksu', 'transgender', 'transgenre', 'intersex', 'gay pride', 'pride amsterdam',
      'europride', 'pride parade', 'christopher street day', 'roze zaterdag', 'schorer',
      'transvisie', 'stonewall', 'trevor project', 'gaykrant', 'expreszo', 'lesbenring', 'schwulen',
      'lesben', 'gay and lesbian', 'gay lesbian',
    ],
    words: ['coc', 'gay', 'gays', 'homo', 'pride', 'lsvd', 'csd'],
    fields: ['name', 'reference'],
  },
  {
    id: 'adult-venues-shops-and-platforms',
    category: 'sex-life',
    stems: [
      'eharmony', 'eros center', 'eros centre', 'erotikcenter', 'pleasureshop', 'pleasure shop', 'tantra', 'tantrique', 'kaufmich', 'pascha', 'dorcel',
      'salon prive', 'erotheek', 'relax club', 'relaxclub', 'saunaclub', 'fkk club', 'fkkclub', 'fkk sauna',
      'nachtclub villa', 'club villa', 'villa erotica', 'villa rosa', 'villa romantica', 'rotlicht', 'sexjobs',
      'hookers', 'kinky nl', 'ladies nl', 'seksbioscoop', 'sexkino', 'pornokino', 'nuru massage', 'body to body',
      'erotische massage', 'massage erotique', 'massage naturiste', 'salon de massage prive', 'libertin',
      'club echangiste', 'sauna libertin', 'swingerclub', 'swinger club', 'gentlemen s club', 'gentlemens club',
      'lapdance', 'lap dance', 'peep show', 'bordel', 'callgirl', 'call girl', 'escortservice', 'adult shop',
      'adultshop', 'adult store', 'sexy shop', 'orion erotik', 'eropartner', 'erosshop', 'clips4sale', 'manyvids',
      'adultwork', 'adult work', 'seeking arrangement', 'seeking com', 'sugar daddy', 'sugardaddy', 'elite partner',
      'loveplanet', 'benaughty', 'mydirtyhobby', 'my dirty hobby', 'fundorado', 'visitx', 'big7', 'cam4',
      'bongacams', 'camsoda', 'flirt4free', 'imlive', 'funcall',
    ],
    words: ['kinky', 'sauna club', 'love shop', 'loveshop', 'club prive', 'prive club', 'clubs prives'],
  },
];
