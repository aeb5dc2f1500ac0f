const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  readonly baseDelayMs: number;
}

/** Bounded exponential backoff with full jitter, for unprocessed keys and items of batch calls. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 25 };

export async function backoff(attempt: number, policy: RetryPolicy): Promise<void> {
  await sleep(Math.random() * policy.baseDelayMs * 2 ** attempt);
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
