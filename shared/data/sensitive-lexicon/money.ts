import type { CounterpartyRule } from './types.js';

/** Gambling and debt: vulnerable situations that must never become a sales moment (duty of care). */
// biome-ignore format: lexicon data, dense lines read better than one term per line
export const MONEY_RULES: readonly CounterpartyRule[] = [
  {
    id: 'gambling',
    category: 'gambling',
    languages: ['nl', 'en', 'de', 'fr'],
    source:
      'Licence registers: Kansspelautoriteit (NL), Kansspelcommissie (BE), GGL whitelist (DE), UK Gambling ' +
      'Commission, ANJ (FR); their operators, brands and the payment intermediaries they bill through.',
    stems: [
      'casino', 'kasino', 'loterij', 'lottery', 'lotterie', 'loterie', 'loteria', 'gokken', 'gokhal',
      'gokautomat', 'gokkast', 'gokspel', 'kansspel', 'speelautomat', 'speelhal', 'weddenschap', 'wedkantoor',
      'sportsbook', 'sportwetten', 'wettburo', 'wettbuero', 'wettanbieter', 'buchmacher', 'bookmaker',
      'bookie', 'spielbank', 'spielhalle', 'spielothek', 'gluecksspiel', 'glucksspiel', 'gambling', 'gamble',
      'jeux d argent', 'paris sportifs', 'pari sportif', 'jackpot', 'eurojackpot', 'euromillions',
      'euro millions', 'kraslot', 'krasbiljet', 'scratchcard', 'scratch card', 'rubbellos', 'roulette',
      'blackjack', 'sportsbet', 'bet365', 'betcity', 'unibet', 'leovegas', 'kansino', 'betway', 'tonybet',
      'bingoal', 'pokerstars', 'bwin', 'ladbrokes', 'william hill', 'paddy power', 'paddypower', 'betfair',
      'sky bet', 'skybet', 'betfred', 'betvictor', 'sportingbet', 'tipico', 'interwetten', 'bet at home',
      'betathome', 'betsson', 'mr green', 'mrgreen', 'casumo', 'videoslots', 'zebet', 'vbet', 'betmgm',
      'betnation', 'hommerson', 'jacks nl', 'jack s casino', 'speelrekening', 'spelersrekening', 'wettkonto', 'spielerkonto', 'betting account',
      'grattage', 'fair play casino', 'oranje casino',
      'circus be', 'circus nl', 'napoleon games', 'napoleon sports', 'golden palace', 'betfirst', 'scooore',
      'ladbrokes be', 'winamax', 'betclic', 'parions sport', 'francaise des jeux', 'lottoland', 'lotto24',
      'lottohelden', 'tombola', 'postcode loterij', 'postcodeloterij', 'vriendenloterij', 'staatsloterij',
      'bankgiro loterij', 'grosvenor casino', 'gala bingo', 'mecca bingo', 'buzz bingo', 'sun bingo',
      'coral racing', 'coral sports', 'paysafecard', 'skrill', 'neteller', 'muchbetter', 'ecopayz',
      'astropay', 'jeton wallet', '888 casino', '888casino', '888poker', '888sport', '888 holdings',
      'kindred group', 'flutter', 'novomatic', 'merkur spiel', 'admiral casino', 'holland casino',
      'toto nl', 'nederlandse loterij', 'nationale loterij', 'loterie nationale', 'lotto nl',
    ],
    words: ['toto', 'lotto', 'bingo', 'poker', 'keno', 'fdj', 'pmu', 'slots', 'wetten', 'bet', 'bets', '711', 'entain'],
    justification: 'Gambling can reveal addiction; it is never a sales moment.',
    examples: [
      'Holland Casino', 'Holland-Casino Scheveningen', 'TOTO', 'Lotto', 'Nederlandse Loterij',
      'Nationale Postcode Loterij', 'Staatsloterij', 'Bet365', 'Tipico Sportwetten', 'Skrill Ltd', 'Paysafecard',
    ],
  },
  {
    id: 'debt-help-and-collection',
    category: 'debt',
    languages: ['nl', 'en', 'de', 'fr'],
    source:
      'NVVK members (Dutch debt help and municipal credit banks), KBvG bailiffs register, Wet incassodiensten ' +
      'register (NL); Belgian SPF Économie register of collection agencies and OCMW/CPAS; German ' +
      'Schuldnerberatung (BAG-SB) and Inkasso register; UK FCA debt-advice and collection permissions; ' +
      'Banque de France surendettement; food-bank federations; pawn brokers.',
    stems: [
      'schuldhulp', 'schuldsaner', 'schuldbemidd', 'schuldregel', 'schuldenregel', 'schuldeiser',
      'schuldenaar', 'schulden', 'schuldenlab', 'schuldnerberat', 'schuldenberat', 'budgetbeheer',
      'budgetcoach', 'budgetadvies', 'budgethulp', 'geldzorgen', 'bewindvoer', 'beschermingsbewind',
      'bewindvoering', 'curatele', 'mentorschap', 'kredietbank', 'stadsbank', 'volkskredietbank',
      'plangroep', 'deurwaarder', 'gerechtsdeurwaarder', 'huissier', 'gerichtsvollzieher', 'incassobureau',
      'incasso bureau', 'incassokosten', 'incassobedrijf', 'incassodienst', 'inkasso',
      'inkasso gmbh', 'inkassounternehmen', 'inkassokosten', 'inkassogebuhr', 'inkassodienst', 'intrum', 'lindorff',
      'flanderijn', 'vesting finance', 'cannock chase', 'syncasso', 'ultimoo', 'hoist finance', 'lowell',
      'pra group', 'cabot credit', 'creditreform', 'mahnbescheid', 'privatinsolvenz', 'verbraucherinsolvenz',
      'insolvenzverwalt', 'pfandung', 'pfaendung', 'loonbeslag', 'beslaglegging', 'derdenbeslag',
      'faillissement', 'insolventie', 'insolvency', 'bankruptcy', 'surendettement', 'recouvrement de creances',
      'societe de recouvrement', 'agence de recouvrement', 'debt collect', 'debt recovery', 'debt advice',
      'debt help', 'debt management', 'debt relief', 'stepchange', 'national debtline', 'payplan',
      'debt', 'voedselbank', 'food bank', 'foodbank', 'trussell trust', 'banque alimentaire',
      'restos du coeur', 'tafel e v', 'die tafel', 'voedselpakket', 'pandjeshuis', 'pawnbroker', 'pawn shop',
      'pfandhaus', 'pfandleih', 'mont de piete', 'stadsbank van lening', 'bijstandsuitkering',
      'bijzondere bijstand', 'flitskrediet', 'payday loan', 'minikrediet', 'kredietcrisis', 'betalingsachterstand',
      'betalingsregeling', 'achterstallige', 'aanmaning', 'sommatie', 'ingebrekestelling', 'budget coach',
      'reglement collectif', 'mediateur de dettes', 'mediation de dettes', 'recouvrement', 'insolvenz',
      'pfandbar', 'pfaendbar', 'iva payment', 'iva contribution', 'iva monthly', 'individual voluntary arrangement',
      'cabot credit', 'cabot financial', 'dmp payment', 'debt management plan', 'arrears', 'repayment plan', 'schuldnerhilfe',
    ],
    words: ['wsnp', 'msnp', 'gkb', 'ocmw', 'cpas', 'bijstand', 'eos', 'cresus', 'ggn', 'dettes'],
    justification:
      'Debt counselling, guardianship, bailiffs, collection agencies, social assistance and food banks reveal ' +
      'financial distress; using that for offers (credit above all) is what the duty of care forbids.',
    examples: [
      'Schuldhulpverlening Gemeente Utrecht', 'Bewindvoering Noord BV', 'Gerechtsdeurwaarders Janssen',
      'Kredietbank Nederland', 'Voedselbank Rotterdam', 'Intrum Nederland', 'Schuldnerberatung Caritas',
      'Huissier de justice Dupont',
    ],
  },
];
