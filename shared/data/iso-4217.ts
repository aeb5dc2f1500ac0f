/**
 * ISO 4217 currency codes (List One, "current currency & funds").
 *
 * Criterion: every code that was on List One at any time since 2024-01-01, so that replays of older
 * payment events still validate. That keeps ANG (replaced by XCG in 2025), BGN (Bulgaria joined the
 * euro on 2026-01-01) and ZWL (replaced by ZWG in 2024). Codes withdrawn before 2024 (HRK, CUC, SLL, ...)
 * are not here. Reviewed against ISO 4217 amendments up to 2025; when the maintenance agency publishes
 * an amendment, add the new code here (and never remove a code while events carrying it may be replayed).
 */
// biome-ignore format: dense code table, one alphabetic run per line
export const ISO_4217_LIST_ONE: readonly string[] = [
  'AED', 'AFN', 'ALL', 'AMD', 'ANG', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM', 'BBD', 'BDT', 'BGN', 'BHD',
  'BIF', 'BMD', 'BND', 'BOB', 'BOV', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD', 'CAD', 'CDF', 'CHE', 'CHF',
  'CHW', 'CLF', 'CLP', 'CNY', 'COP', 'COU', 'CRC', 'CUP', 'CVE', 'CZK', 'DJF', 'DKK', 'DOP', 'DZD', 'EGP',
  'ERN', 'ETB', 'EUR', 'FJD', 'FKP', 'GBP', 'GEL', 'GHS', 'GIP', 'GMD', 'GNF', 'GTQ', 'GYD', 'HKD', 'HNL',
  'HTG', 'HUF', 'IDR', 'ILS', 'INR', 'IQD', 'IRR', 'ISK', 'JMD', 'JOD', 'JPY', 'KES', 'KGS', 'KHR', 'KMF',
  'KPW', 'KRW', 'KWD', 'KYD', 'KZT', 'LAK', 'LBP', 'LKR', 'LRD', 'LSL', 'LYD', 'MAD', 'MDL', 'MGA', 'MKD',
  'MMK', 'MNT', 'MOP', 'MRU', 'MUR', 'MVR', 'MWK', 'MXN', 'MXV', 'MYR', 'MZN', 'NAD', 'NGN', 'NIO', 'NOK',
  'NPR', 'NZD', 'OMR', 'PAB', 'PEN', 'PGK', 'PHP', 'PKR', 'PLN', 'PYG', 'QAR', 'RON', 'RSD', 'RUB', 'RWF',
  'SAR', 'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLE', 'SOS', 'SRD', 'SSP', 'STN', 'SVC', 'SYP', 'SZL',
  'THB', 'TJS', 'TMT', 'TND', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS', 'UAH', 'UGX', 'USD', 'USN', 'UYI', 'UYU',
  'UYW', 'UZS', 'VED', 'VES', 'VND', 'VUV', 'WST', 'XAF', 'XAG', 'XAU', 'XBA', 'XBB', 'XBC', 'XBD', 'XCD',
  'XCG', 'XDR', 'XOF', 'XPD', 'XPF', 'XPT', 'XSU', 'XTS', 'XUA', 'XXX', 'YER', 'ZAR', 'ZMW', 'ZWG', 'ZWL',
];

/**
 * List One entries that are not money a customer pays with: fund codes (BOV, CHE, ...), precious metals,
 * bond-market units, SDR-like units of account, the testing code XTS and XXX ("no currency"). A payment
 * event carrying one of these is malformed, so it is rejected rather than guessed at.
 */
// biome-ignore format: dense code table, one alphabetic run per line
export const ISO_4217_NON_PAYMENT_CODES: readonly string[] = [
  'BOV', 'CHE', 'CHW', 'CLF', 'COU', 'MXV', 'USN', 'UYI', 'UYW', // funds codes
  'XAG', 'XAU', 'XPD', 'XPT', // precious metals
  'XBA', 'XBB', 'XBC', 'XBD', // bond-market units
  'XDR', 'XSU', 'XUA', // units of account
  'XTS', 'XXX', // testing, "no currency"
];

const nonPayment = new Set(ISO_4217_NON_PAYMENT_CODES);

/** The currency codes a PaymentEvent amount or balance may carry. */
export const PAYMENT_CURRENCY_CODES: ReadonlySet<string> = new Set(
  ISO_4217_LIST_ONE.filter((code) => !nonPayment.has(code)),
);
