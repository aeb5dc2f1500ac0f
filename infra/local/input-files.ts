import { readFileSync } from 'node:fs';
import { type FixtureCustomer, parseCustomerFixtures } from '#app/customer-fixtures.js';
import { type ParseResult, parsePaymentEvent } from '#core/payment-event.js';
import { LocalRuntimeError } from './errors.js';

/** A bad input file: the message names the file, the line or entry, and the field. */
export class InputFileError extends LocalRuntimeError {
  override readonly name = 'InputFileError';
}

function read(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputFileError(`Cannot read the ${what} file ${path}: ${(error as Error).message}`);
  }
}

/** Reads and validates a customer fixture file completely before anything is loaded. */
export function readFixtures(path: string): FixtureCustomer[] {
  const parsed = parseCustomerFixtures(read(path, 'fixtures'));
  if (parsed.ok) return parsed.customers;
  if (parsed.kind === 'json')
    throw new InputFileError(`${path}: not valid JSON (${parsed.problems.join('; ')})`);
  throw new InputFileError(
    `${path}: invalid customer fixtures, nothing was loaded:\n${parsed.problems.map((p) => `  ${p}`).join('\n')}`,
  );
}

interface EventLinesOptions {
  readonly allowInvalid?: boolean;
  /** How the caller's command lets invalid lines through (default: replay's --allow-invalid). */
  readonly invalidHint?: string;
}

/**
 * Reads a JSONL file of PaymentEvent v1 (blank lines skipped), each line parsed once, with what the parser
 * made of it. Strict by default: any invalid line stops the caller before anything is done, naming the line
 * and the field. With `allowInvalid`, invalid lines are kept (their parse result says why they are invalid).
 */
export function readParsedEventLines(
  path: string,
  options: EventLinesOptions = {},
): Array<{ readonly line: string; readonly parsed: ParseResult }> {
  const lines: Array<{ readonly line: string; readonly parsed: ParseResult }> = [];
  const problems: string[] = [];
  read(path, 'events')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      const parsed = parsePaymentEvent(line);
      lines.push({ line, parsed });
      if (parsed.ok || options.allowInvalid) return;
      for (const problem of parsed.problems) {
        problems.push(`  line ${i + 1}: ${problem.field}: expected ${problem.expected}`);
      }
    });
  if (problems.length > 0) {
    throw new InputFileError(
      `${path}: ${problems.length} problem(s), ${options.invalidHint ?? 'nothing was sent (use --allow-invalid to send such lines on purpose)'}:\n` +
        problems.slice(0, 30).join('\n'),
    );
  }
  return lines;
}

/**
 * The lines of a JSONL file of PaymentEvent v1 (blank lines skipped), validated as readParsedEventLines
 * does; with `allowInvalid` they are not even parsed: invalid lines are sent as they are, to watch the
 * pipeline reject them.
 */
export function readEventLines(path: string, options: EventLinesOptions = {}): string[] {
  if (options.allowInvalid) {
    return read(path, 'events')
      .split('\n')
      .filter((line) => line.trim() !== '');
  }
  return readParsedEventLines(path, options).map(({ line }) => line);
}
