import type { LexiconRule } from './types.js';

/** Religion or philosophical belief (GDPR art. 9). */
// biome-ignore format: lexicon data, dense lines read better than one term per line
export const RELIGION_RULES: readonly LexiconRule[] = [
  {
    id: 'religious-organisations',
    category: 'religion',
    stems: [
      'parochie', 'parish', 'pfarrei', 'pfarramt', 'pfarrgemeinde', 'kirchengemeinde', 'kirchgeld',
      'kirchensteuer', 'kirchenbeitrag', 'kirchlich', 'kirchenkreis', 'kirchenamt', 'paroisse', 'bisdom',
      'bistum', 'diocese', 'diozese', 'dioezese', 'bisschoppelijk', 'diaconie', 'diakonie', 'diaconat',
      'caritas', 'hervormd', 'hervorm', 'gereformeerd', 'gereform', 'reformatorisch', 'reformiert',
      'reformee', 'protestant', 'evangeli', 'evangelic', 'evangelisch', 'evangelique', 'doopsgezind',
      'mennoniet', 'mennonit', 'remonstrant', 'luthers', 'lutheran', 'lutherisch', 'lutherien',
      'pinkstergemeente', 'pinksterkerk', 'pinksterbeweging', 'pentecost', 'pfingstgemeinde', 'apostolisch',
      'apostolic', 'apostolique', 'katholiek', 'catholic', 'katholisch', 'catholique', 'rooms katholiek',
      'orthodoxe kerk', 'orthodox church', 'orthodoxe kirche', 'koptisch', 'coptic', 'anglican',
      'episcopal', 'methodist', 'presbyterian', 'quaker', 'adventist', 'mormon', 'latter day saints',
      'jehova', 'koninkrijkszaal', 'kingdom hall', 'watchtower', 'wachttoren', 'scientology',
      'leger des heils', 'salvation army', 'heilsarmee', 'armee du salut', 'christengemeente',
      'christelijk', 'christian church', 'christian centre', 'christian center', 'christian fellowship',
      'christian aid', 'christians against', 'gemeente gods', 'gemeente van christus', 'wijkgemeente',
      'geloofsgemeenschap', 'volle evangelie', 'evangeliegemeente', 'baptistengemeente', 'moskee', 'mosque',
      'moschee', 'mosquee', 'masjid', 'islamit', 'islamic', 'islamisch', 'islamique', 'moslim', 'muslim',
      'musulman', 'diyanet', 'ditib', 'milli gorus', 'zakat', 'sadaqa', 'sadaka', 'synagoge', 'synagogue',
      'sjoel', 'joodse', 'jewish', 'judische', 'juedische', 'juive', 'israelitisch', 'israelitische',
      'israelite', 'chabad', 'kehilla', 'tzedaka', 'tzedakah', 'gurdwara', 'sikh', 'mandir', 'hindoe',
      'hindu', 'sanatan', 'arya samaj', 'iskcon', 'hare krishna', 'boeddhis', 'buddhis', 'bouddhis',
      'vihara', 'brahma kumaris', 'humanistisch verbond', 'humanists uk', 'humanistischer verband',
      'vrijzinnig', 'vrijdenkers', 'freethinkers', 'eglise', 'kerkbalans', 'kerkelijk', 'kerkgenootschap',
      'kerkrentmeester', 'kerkvoogdij', 'kerkenraad', 'kerkbijdrage', 'misintentie', 'mis intentie',
      'mass intention', 'messstipendium', 'messintention', 'denier du culte', 'denier de l eglise',
      'bar mitzvah', 'bar mitswa', 'bat mitzvah', 'bat mitswa', 'eerste communie', 'communion',
      'kommunion', 'vormsel', 'firmung', 'konfirmation', 'doopsel', 'kinderdoop', 'baptism', 'christening',
      'bapteme', 'umrah', 'umra reis', 'hajj', 'hadj', 'bedevaart', 'pilgrimage', 'wallfahrt',
      'pelerinage', 'lourdes reis', 'tithing', 'collecte kerk', 'church collection', 'collectebon',
      'church of england', 'church of scotland', 'church in wales', 'camii', 'quete dominicale', 'offrande',
      'intention de messe', 'intentions de messe', 'honoraires de messe', 'messe anniversaire', 'ger gemeente',
      'gereformeerde gemeenten', 'gemeinde gottes', 'freikirche', 'neuapostolisch', 'zeugen jehovas',
      'temoins de jehovah',
      'kollekte', 'quete paroissiale',
    ],
    // Whole words: "church" as a stem would catch "Churchill", "tempel" "Tempelhof", "islam" a surname.
    words: [
      'pkn', 'cgk', 'gkv', 'ngk', 'hhk', 'ggin', 'oggin', 'herv', 'geref', 'prot', 'evang', 'chr geref',
      'ger gem', 'prot gem', 'herv gem', 'geref gem', 'evang gem', 'rk parochie', 'r k parochie',
      'rk kerk', 'r k kerk', 'rkk', 'tempel', 'temple', 'church', 'churches', 'kirche', 'kirchen',
      'eglise', 'imam', 'jezus', 'christus', 'dominee', 'pastor', 'priester', 'kapelaan', 'abdij van',
      'klooster van', 'zusters van', 'broeders van', 'fraters', 'paters', 'baptist', 'baptists',
      'baptisten', 'taufe', 'ramadan', 'iftar', 'fitra', 'dharma', 'sangha', 'tithe', 'cami', 'nihs',
    ],
    // "kerk" at a word's start or end ("Kerkbalans", "Pinksterkerk", "Oude Kerk"), not inside
    // "Kerkrade"; street and surname look-alikes are exceptions (./lookalikes.ts).
    prefixes: ['kerk'],
    suffixes: ['kerk', 'kerken', 'kirche'],
  },
  {
    id: 'religious-broadcasters-and-press',
    category: 'religion',
    stems: [
      'evangelische omroep', 'kro ncrv', 'katholieke radio', 'joodse omroep', 'boeddhistische omroep',
      'moslim omroep', 'family7', 'groot nieuws radio', 'radio maria', 'nederlands dagblad',
      'reformatorisch dagblad', 'katholiek nieuwsblad', 'kerknet', 'tertio', 'bibel tv', 'erf medien',
      'domradio', 'radio horeb', 'premier christian', 'god tv', 'radio notre dame',
      'visie eo', 'eo visie', 'eo lid', 'lid eo', 'eo lidmaatschap',
    ],
    words: ['eo', 'kro', 'ncrv', 'ikon', 'rkk', 'nmo', 'kto', 'rcf', 'ucb'],
    fields: ['name', 'reference'],
  },
];
