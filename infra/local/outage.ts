/**
 * How a poller of the local runtime lives through an outage (DynamoDB Local restarting, the SQS emulator
 * away): it backs off exponentially up to a cap, and it says so in a few lines — the first failure at once,
 * then one summary line per interval while the outage lasts, then one line when it is over — never one
 * line per failure. Lines carry error class names and counts only, never a message (it could quote data).
 */

export interface OutageOptions {
  /** Who is failing, e.g. `evaluate-payments poller (payment-events)`. */
  readonly what: string;
  readonly log: (line: string) => void;
  readonly intervalMs?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly now?: () => number;
  /** Say nothing until this many consecutive failures (a single bad message is not an outage). Default 1. */
  readonly logAfter?: number;
}

/** Operator lines of the local runtime, when nobody asked for them elsewhere. */
export const defaultLog = (line: string): void => console.warn(`[local runtime] ${line}`);

export const OUTAGE_DEFAULTS = { intervalMs: 10_000, baseDelayMs: 100, maxDelayMs: 5_000 } as const;

function errorName(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    const cause = error.cause instanceof Error ? (error.cause as NodeJS.ErrnoException).code : undefined;
    return code ?? cause ?? error.name;
  }
  return typeof error;
}

export class Outage {
  private failures = 0;
  private announced = false;
  private since = 0;
  private lastLine = 0;
  private readonly sinceLine = new Map<string, number>();
  private readonly intervalMs: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly now: () => number;

  constructor(private readonly options: OutageOptions) {
    this.intervalMs = options.intervalMs ?? OUTAGE_DEFAULTS.intervalMs;
    this.baseDelayMs = options.baseDelayMs ?? OUTAGE_DEFAULTS.baseDelayMs;
    this.maxDelayMs = options.maxDelayMs ?? OUTAGE_DEFAULTS.maxDelayMs;
    this.now = options.now ?? Date.now;
  }

  /** True while failures have not been followed by a success. */
  get ongoing(): boolean {
    return this.failures > 0;
  }

  /** Records a failure; returns how long to wait before the next attempt (exponential, capped, jittered). */
  failed(error: unknown): number {
    const now = this.now();
    const name = errorName(error);
    this.failures++;
    this.sinceLine.set(name, (this.sinceLine.get(name) ?? 0) + 1);
    if (this.failures === 1) this.since = now;
    if (!this.announced && this.failures >= (this.options.logAfter ?? 1)) {
      this.announced = true;
      this.lastLine = now;
      this.sinceLine.clear();
      this.options.log(
        `${this.options.what}: ${name}; retrying with backoff (up to ${this.maxDelayMs / 1000} s), one summary line every ${this.intervalMs / 1000} s while it lasts`,
      );
    } else if (this.announced && now - this.lastLine >= this.intervalMs) {
      const counts = [...this.sinceLine].map(([n, c]) => `${n} ×${c}`).join(', ');
      const total = [...this.sinceLine.values()].reduce((a, b) => a + b, 0);
      this.options.log(
        `${this.options.what}: still failing: ${total} failures in the last ${Math.round((now - this.lastLine) / 1000)} s (${counts})`,
      );
      this.lastLine = now;
      this.sinceLine.clear();
    }
    const exponential = this.baseDelayMs * 2 ** Math.min(this.failures - 1, 30);
    const capped = Math.min(this.maxDelayMs, exponential);
    return Math.round(capped / 2 + Math.random() * (capped / 2));
  }

  /** Records a success: ends an outage (with one line saying so). */
  recovered(): void {
    if (this.failures === 0) return;
    if (this.announced) {
      this.options.log(
        `${this.options.what}: recovered after ${this.failures} failures in ${Math.round((this.now() - this.since) / 1000)} s`,
      );
    }
    this.failures = 0;
    this.announced = false;
    this.sinceLine.clear();
  }
}
