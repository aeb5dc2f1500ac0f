/**
 * What the demo stream is made of: places, merchants and counterparties (the sensitive ones chosen so the
 * screen has work to do), and the mix of payment kinds by weight. Data only.
 */

export const ABROAD = [
  ['US', 'New York', 'USD'],
  ['TH', 'Bangkok', 'THB'],
  ['JP', 'Tokyo', 'JPY'],
  ['MA', 'Marrakesh', 'MAD'],
  ['TR', 'Istanbul', 'TRY'],
  ['ZA', 'Cape Town', 'ZAR'],
] as const;
export const EUROPE = [
  ['FR', 'Paris'],
  ['ES', 'Barcelona'],
  ['DE', 'Berlin'],
  ['IT', 'Rome'],
  ['CH', 'Zürich'],
  ['GB', 'London'],
] as const;
/** Sensitive merchants (health, religion, politics, unions, dating, gambling, fines...). */
export const SENSITIVE_MERCHANTS = [
  ['Apotheek De Linde', '5912'],
  ['Huisartsenpraktijk Centrum', '8011'],
  ['Ziekenhuis Rijnstate', '8062'],
  ['Tandartspraktijk Smile', '8021'],
  ['Parochie St. Jan', '8661'],
  ['Partijbureau', '8651'],
  ['Vakbond', '8641'],
  ['Dating Plus', '7273'],
  ['Massagesalon Lotus', '7297'],
  ['Holland Casino', '7995'],
  ['CJIB boete', '9222'],
  ['Rechtbank griffie', '9211'],
] as const;
export const SENSITIVE_COUNTERPARTIES = [
  ['Stichting Schuldhulpmaatje', 'bijdrage'],
  ['FNV', 'contributie 2026'],
  ['CJIB', 'verkeersboete 1234'],
  ['GGZ Centraal', 'eigen bijdrage'],
] as const;
export const AIRLINES = [
  ['KLM', '3008'],
  ['Transavia', '3236'],
  ['Ryanair', '4511'],
  ['TUI Reisbureau', '4722'],
] as const;
export const EVERYDAY = [
  ['Albert Heijn', '5411'],
  ['Jumbo', '5411'],
  ['NS Reizigers', '4112'],
  ['Shell', '5541'],
  ['HEMA', '5311'],
] as const;

export type Kind =
  | 'abroad'
  | 'atm-abroad'
  | 'europe'
  | 'everyday'
  | 'child-benefit'
  | 'student-finance'
  | 'ticket'
  | 'large-purchase'
  | 'salary-high-balance'
  | 'sensitive-merchant'
  | 'sensitive-transfer'
  | 'malformed'
  | 'redelivery';

export const KINDS: ReadonlyArray<readonly [Kind, number]> = [
  ['abroad', 12],
  ['atm-abroad', 5],
  ['europe', 8],
  ['everyday', 24],
  ['child-benefit', 5],
  ['student-finance', 4],
  ['ticket', 8],
  ['large-purchase', 8],
  ['salary-high-balance', 6],
  ['sensitive-merchant', 11],
  ['sensitive-transfer', 4],
  ['malformed', 3],
  ['redelivery', 2],
];
