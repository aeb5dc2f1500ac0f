import { useEffect, useState } from 'preact/hooks';
import { asProblem, type Problem } from '../api/client.js';

export type Loaded<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'failed'; readonly problem: Problem }
  | { readonly state: 'done'; readonly value: T };

/**
 * Loads with `load` whenever a dependency changes; a late answer for old dependencies is dropped. `load`
 * returns openapi-fetch's `{ data, error, response }`.
 */
export function useLoad<T>(
  load: () => Promise<{ data?: T; error?: unknown; response: Response }>,
  deps: readonly unknown[],
): Loaded<T> & { reload: () => void } {
  const [result, setResult] = useState<Loaded<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    setResult({ state: 'loading' });
    load().then(
      ({ data, error, response }) => {
        if (!live) return;
        if (error !== undefined || data === undefined)
          setResult({ state: 'failed', problem: asProblem(error, response.status) });
        else setResult({ state: 'done', value: data });
      },
      (error: unknown) => live && setResult({ state: 'failed', problem: asProblem(error) }),
    );
    return () => {
      live = false;
    };
  }, [...deps, round]);
  return { ...result, reload: () => setRound((r) => r + 1) };
}
