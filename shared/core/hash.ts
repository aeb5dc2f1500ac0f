import * as crypto from 'node:crypto';

/**
 * SHA-256 as lower-case hex. Deterministic and side-effect free, so it belongs in the pure core.
 * `crypto.hash` (Node >= 20.12) is a one-shot call about twice as fast as createHash, which matters at
 * the 500,000 decisions/s target; older runtimes fall back to createHash.
 */
const oneShot: ((algorithm: string, data: string, encoding: 'hex') => string) | undefined =
  typeof crypto.hash === 'function' ? crypto.hash : undefined;

export function sha256Hex(data: string): string {
  if (oneShot) return oneShot('sha256', data, 'hex');
  return crypto.createHash('sha256').update(data).digest('hex');
}
