/**
 * Bounded concurrency for fan-out reads (index partitions, offer events, counts): the one limiter of the
 * code base, used by the privacy queries (shared/privacy) and the erasure adapters alike.
 */

/** Runs `fn` over `items` with at most `limit` calls in flight; resolves with the results in input order. */
export async function mapLimit<A, B>(
  items: readonly A[],
  limit: number,
  fn: (item: A, index: number) => Promise<B>,
): Promise<B[]> {
  const results = new Array<B>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as A, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
