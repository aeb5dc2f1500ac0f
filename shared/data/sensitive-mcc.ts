/**
 * Merchant category codes (ISO 18245) whose mere presence on a card payment reveals special-category
 * data (GDPR art. 9: health, religion, political opinion, union membership, sex life), criminal-law data
 * (art. 10), or a vulnerable situation that must never be turned into a sales moment (gambling, debt,
 * bereavement). Payments with these codes are screened out before any trigger or consent logic runs.
 *
 * Source of codes and descriptions: ../shared/data/mcc_codes.csv (public domain). Rationale, the codes
 * that were considered and left out, and how to extend the list: ./SENSITIVE.md.
 *
 * Bump SENSITIVE_RULES_VERSION whenever this file or ./sensitive-counterparties.ts changes: every
 * decision records (in its policyVersion) the version of the screen that decided it.
 */

import type { SensitiveCategory } from './sensitive-categories.js';

/** Version of the shipped sensitive screen (MCC list + counterparty rules). Format: date.serial. */
export const SENSITIVE_RULES_VERSION = '2026-11-30.3';

export interface SensitiveMcc {
  /** Four-digit ISO 18245 code, as it appears in PaymentEvent.merchant.mcc. */
  readonly mcc: string;
  /** Description from mcc_codes.csv, kept so a reviewer need not look the code up. */
  readonly description: string;
  readonly category: SensitiveCategory;
  /** Why a payment with this code must not be used for offers. */
  readonly justification: string;
}

export const SENSITIVE_MCCS: readonly SensitiveMcc[] = [
  // --- Health (art. 9): any payment to a care provider or for medical goods reveals a health condition.
  {
    mcc: '4119',
    description: 'Ambulance Services',
    category: 'health',
    justification: 'An ambulance ride reveals a medical emergency.',
  },
  {
    mcc: '5047',
    description: 'Medical, Dental, Ophthalmic and Hospital Equipment and Supplies',
    category: 'health',
    justification: 'Buying medical equipment reveals a condition of the customer or a relative.',
  },
  {
    mcc: '5122',
    description: 'Drugs, Drug Proprietaries and Druggist Sundries',
    category: 'health',
    justification: 'Medicine purchases reveal health conditions.',
  },
  {
    mcc: '5698',
    description: 'Wig and Toupee Stores',
    category: 'health',
    justification: 'Wigs are commonly bought because of medical hair loss (chemotherapy, alopecia).',
  },
  {
    mcc: '5912',
    description: 'Drug Stores and Pharmacies',
    category: 'health',
    justification: 'Pharmacy payments reveal prescriptions and health conditions.',
  },
  {
    mcc: '5975',
    description: 'Hearing Aids – Sales, Service, and Supply Stores',
    category: 'health',
    justification: 'Reveals a hearing impairment.',
  },
  {
    mcc: '5976',
    description: 'Orthopedic Goods – Prosthetic Devices',
    category: 'health',
    justification: 'Reveals a physical disability or injury.',
  },
  {
    mcc: '8011',
    description: 'Doctors and Physicians (Not Elsewhere Classified)',
    category: 'health',
    justification: 'A doctor visit reveals health care use.',
  },
  {
    mcc: '8021',
    description: 'Dentists and Orthodontists',
    category: 'health',
    justification: 'Dental care is health data.',
  },
  {
    mcc: '8031',
    description: 'Osteopaths',
    category: 'health',
    justification: 'Treatment reveals a health complaint.',
  },
  {
    mcc: '8041',
    description: 'Chiropractors',
    category: 'health',
    justification: 'Treatment reveals a health complaint.',
  },
  {
    mcc: '8042',
    description: 'Optometrists and Ophthalmologists',
    category: 'health',
    justification: 'Eye care reveals a health condition.',
  },
  {
    mcc: '8043',
    description: 'Opticians, Optical Goods and Eyeglasses',
    category: 'health',
    justification: 'Corrective lenses are a medical aid (the EDPB names opticians among health data).',
  },
  {
    mcc: '8044',
    description: 'Opticians, Optical Goods, and Eyeglasses (legacy code)',
    category: 'health',
    justification: 'Same as 8043; older terminals still send it.',
  },
  {
    mcc: '8049',
    description: 'Podiatrists and Chiropodists',
    category: 'health',
    justification: 'Foot care is often related to diabetes or other conditions.',
  },
  {
    mcc: '8050',
    description: 'Nursing and Personal Care Facilities',
    category: 'health',
    justification: 'Reveals that the customer or a relative needs nursing care.',
  },
  {
    mcc: '8062',
    description: 'Hospitals',
    category: 'health',
    justification: 'A hospital payment reveals treatment.',
  },
  {
    mcc: '8071',
    description: 'Medical and Dental Laboratories',
    category: 'health',
    justification: 'Lab tests reveal health investigations (including STI and pregnancy tests).',
  },
  {
    mcc: '8099',
    description: 'Medical Services and Health Practitioners (Not Elsewhere Classified)',
    category: 'health',
    justification: 'Mental health, fertility, addiction and other care is coded here.',
  },

  // --- Religion or philosophical belief (art. 9).
  {
    mcc: '5973',
    description: 'Religious Goods Stores',
    category: 'religion',
    justification: 'Purchases of religious goods reveal religious belief.',
  },
  {
    mcc: '8661',
    description: 'Religious Organizations',
    category: 'religion',
    justification: 'Payments to a church, mosque, synagogue or temple reveal religious belief.',
  },

  // --- Political opinion (art. 9).
  {
    mcc: '8651',
    description: 'Political Organizations',
    category: 'politics',
    justification: "Donations or dues to a party reveal political opinion (the DPA's own example).",
  },

  // --- Membership organisations: unions (art. 9) and associations that reveal beliefs or orientation.
  {
    mcc: '8641',
    description: 'Civic, Fraternal, and Social Associations',
    category: 'membership',
    justification: 'Lodges, fraternal and civic associations reveal beliefs and affiliations.',
  },
  {
    mcc: '8699',
    description: 'Membership Organizations (Not Elsewhere Classified)',
    category: 'trade-union',
    justification:
      'Trade unions, professional and advocacy bodies are coded here; union membership is art. 9.',
  },
  {
    mcc: '8398',
    description: 'Charitable and Social Service Organizations',
    category: 'charity',
    justification:
      'Donations reveal beliefs, political causes and (for disease funds) illness in the family; social ' +
      'service organisations include food banks and addiction care.',
  },

  // --- Sex life (art. 9).
  {
    mcc: '7273',
    description: 'Dating and Escort Services',
    category: 'sex-life',
    justification: 'Reveals relationship status and sex life.',
  },
  {
    mcc: '7297',
    description: 'Massage Parlors',
    category: 'sex-life',
    justification: 'The category is widely used for erotic massage; it may reveal sex life.',
  },

  // --- Counselling and debt: vulnerable situations (duty of care).
  {
    mcc: '7277',
    description: 'Counseling Service – Debt, Marriage, Personal',
    category: 'counselling',
    justification: 'Reveals debt problems, marital problems or mental health support.',
  },
  {
    mcc: '5933',
    description: 'Pawn Shops',
    category: 'debt',
    justification: 'Pawning goods signals acute money trouble; offers (credit above all) would exploit it.',
  },

  // --- Gambling: addiction risk, and a classic signal abused for predatory offers.
  {
    mcc: '7800',
    description: 'Government-Owned Lotteries',
    category: 'gambling',
    justification: 'Gambling behaviour can reveal addiction; never a sales trigger.',
  },
  {
    mcc: '7801',
    description: 'Government-Licensed On-Line Casinos (On-Line Gambling)',
    category: 'gambling',
    justification: 'Gambling behaviour can reveal addiction; never a sales trigger.',
  },
  {
    mcc: '7802',
    description: 'Government-Licensed Horse/Dog Racing',
    category: 'gambling',
    justification: 'Gambling behaviour can reveal addiction; never a sales trigger.',
  },
  {
    mcc: '7995',
    description: 'Betting (including Lottery Tickets, Casino Gaming Chips, Off-track Betting)',
    category: 'gambling',
    justification: 'Gambling behaviour can reveal addiction; never a sales trigger.',
  },

  // --- Criminal-law and judicial data (art. 10) and legal trouble.
  {
    mcc: '9211',
    description: 'Court Costs, including Alimony and Child Support',
    category: 'criminal-justice',
    justification: 'Reveals court proceedings, including divorce and child-support disputes.',
  },
  {
    mcc: '9222',
    description: 'Fines',
    category: 'criminal-justice',
    justification: 'Fines are criminal or administrative sanctions (art. 10 data).',
  },
  {
    mcc: '9223',
    description: 'Bail and Bond Payments',
    category: 'criminal-justice',
    justification: 'Bail reveals an arrest or criminal proceedings (art. 10 data).',
  },
  {
    mcc: '8111',
    description: 'Legal Services and Attorneys',
    category: 'legal',
    justification: 'Paying a lawyer can reveal criminal defence, divorce, dismissal or debt proceedings.',
  },

  // --- Bereavement.
  {
    mcc: '7261',
    description: 'Funeral Service and Crematories',
    category: 'bereavement',
    justification:
      'Reveals a death in the family (and often religion through the rite); grief is no sales moment.',
  },
];
