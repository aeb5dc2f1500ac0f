import type { Caller } from './access-log.js';
import type {
  CustomerHistory,
  PrivacyQueries,
  SuppressedCounts,
  SuppressedQuery,
  SuppressedRecord,
  WithoutPaymentTime,
} from './queries.js';
import { SUPPRESSED_FIELDS, UNLINKABLE_FIELDS } from './record-views.js';

/**
 * Exports of a suppressed-offers query for the regulator: CSV (RFC 4180) or JSONL, every page.
 *
 * CSV: a header row, then one row per decision, columns always in EXPORT_COLUMNS order, CRLF line ends; a
 * field is quoted when it holds a comma, a double quote, CR or LF, a quote inside doubled; reasons joined
 * with `;`; an absent value is an empty field. Values are written as stored (no spreadsheet-formula
 * escaping, which would change them): open the file as text or import it, don't double-click it.
 * JSONL: one JSON object per line with the same keys in the same order (absent values left out, reasons
 * as an array).
 */

/**
 * The columns: the suppressed record's fields, in the one order of ./record-views.ts, then those of a
 * record whose customer was erased (unlinkable: no ids, times to the hour).
 */
export const EXPORT_COLUMNS = [...SUPPRESSED_FIELDS, ...UNLINKABLE_FIELDS] as const;
type ExportColumn = (typeof EXPORT_COLUMNS)[number];

const fieldOf = (record: SuppressedRecord, column: ExportColumn): unknown =>
  (record as Partial<Record<ExportColumn, unknown>>)[column];

export const EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8; header=present';
export const JSONL_CONTENT_TYPE = 'application/jsonl; charset=utf-8';

const CRLF = '\r\n';

/** One CSV field, quoted only when RFC 4180 requires it. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function cell(record: SuppressedRecord, column: ExportColumn): string {
  const value = fieldOf(record, column);
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.join(';');
  return String(value);
}

export function csvHeader(): string {
  return EXPORT_COLUMNS.join(',') + CRLF;
}

export function csvRow(record: SuppressedRecord): string {
  return EXPORT_COLUMNS.map((column) => csvField(cell(record, column))).join(',') + CRLF;
}

export function toCsv(records: readonly SuppressedRecord[], options: { header?: boolean } = {}): string {
  return (options.header === false ? '' : csvHeader()) + records.map(csvRow).join('');
}

export function jsonlLine(record: SuppressedRecord): string {
  const ordered: Record<string, unknown> = {};
  for (const column of EXPORT_COLUMNS) {
    const value = fieldOf(record, column);
    if (value !== undefined) ordered[column] = Array.isArray(value) ? [...value] : value;
  }
  return `${JSON.stringify(ordered)}\n`;
}

export function toJsonl(records: readonly SuppressedRecord[]): string {
  return records.map(jsonlLine).join('');
}

/** A customer's history as JSON Lines: one entry per line, in the history's order (an access request's export). */
export function historyJsonl(history: Pick<CustomerHistory, 'entries'>): string {
  return history.entries.map((entry) => `${JSON.stringify(entry)}\n`).join('');
}

export interface ExportResult {
  readonly records: number;
  readonly pages: number;
  /** The counts of the first page (for the CLI's summary line). */
  readonly counts?: SuppressedCounts;
  /** Payment-time queries: the matching records that have no payment time (not in the export). */
  readonly withoutPaymentTime?: WithoutPaymentTime;
}

/**
 * Writes every page of the query in the format through `write`, page by page (memory stays one page).
 * Each page is one query of the service, so each is in the access log.
 */
export async function exportSuppressed(
  queries: Pick<PrivacyQueries, 'suppressed'>,
  caller: Caller,
  query: Omit<SuppressedQuery, 'cursor' | 'format'>,
  format: ExportFormat,
  write: (chunk: string) => void | Promise<void>,
): Promise<ExportResult> {
  if (format === 'csv') await write(csvHeader());
  let cursor: string | undefined;
  let records = 0;
  let pages = 0;
  let counts: SuppressedCounts | undefined;
  let withoutPaymentTime: WithoutPaymentTime | undefined;
  do {
    const page = await queries.suppressed(caller, {
      ...query,
      format,
      ...(cursor === undefined ? {} : { cursor }),
    });
    pages++;
    counts ??= page.counts;
    withoutPaymentTime ??= page.withoutPaymentTime;
    records += page.items.length;
    if (page.items.length > 0) {
      await write(format === 'csv' ? page.items.map(csvRow).join('') : toJsonl(page.items));
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return {
    records,
    pages,
    ...(counts === undefined ? {} : { counts }),
    ...(withoutPaymentTime === undefined ? {} : { withoutPaymentTime }),
  };
}
