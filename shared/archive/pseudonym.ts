import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Keyed pseudonyms and sealing for the archive (issue 15, domain rule 9: erasure meets immutability).
 *
 * Every customer has one random 32-byte key (`CustomerKey`), kept in DynamoDB (the customer-keys table)
 * and nowhere else. Two sub-keys are derived from it with HKDF-SHA256, so the pseudonyms and the seal never
 * share a key:
 * - `ref(value)`: HMAC-SHA256 of the value, first 16 bytes as 32 hex: the customer's `customer_ref` and the
 *   `record_id` of each of their rows. Equal inputs give equal refs while the key exists, which is what
 *   an access request and the deduplication of redelivered rows need;
 * - `seal(text)` / `unseal(bytes)`: AES-256-GCM with a random 96-bit nonce; the customer ref is the
 *   additional authenticated data, so a sealed content cannot be moved to another customer's row.
 * Deleting the key is the erasure: nothing else can recompute a ref or open a content (crypto-shredding).
 */

/** One customer's archive key as stored: 32 random bytes. */
export interface CustomerKey {
  readonly customerId: string;
  readonly material: Uint8Array;
}

export const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** The first byte of a sealed content: the format, so that it can change later. */
const SEAL_VERSION = 1;

export class SealError extends Error {
  override readonly name = 'SealError';
}

/** A fresh random key for a customer (the key store calls this once per customer). */
export function newKeyMaterial(): Uint8Array {
  return new Uint8Array(randomBytes(KEY_BYTES));
}

export interface Pseudonymiser {
  /** The customer's pseudonym (`customer_ref`). */
  readonly customerRef: string;
  /** A keyed pseudonym of any value of this customer (32 hex). */
  ref(value: string): string;
  seal(text: string): Uint8Array;
  /** Throws SealError when the content was not sealed under this key for this customer. */
  unseal(sealed: Uint8Array): string;
}

const subKey = (material: Uint8Array, info: string): Buffer =>
  Buffer.from(hkdfSync('sha256', material, new Uint8Array(0), info, 32));

export function pseudonymiser(key: CustomerKey): Pseudonymiser {
  if (key.material.length !== KEY_BYTES) {
    throw new SealError(`A customer key must be ${KEY_BYTES} bytes, got ${key.material.length}`);
  }
  const hmacKey = subKey(key.material, 'offer-pipeline/archive/ref/v1');
  const sealKey = subKey(key.material, 'offer-pipeline/archive/seal/v1');
  const ref = (value: string): string =>
    createHmac('sha256', hmacKey).update(value, 'utf8').digest().subarray(0, 16).toString('hex');
  const customerRef = ref(`customer:${key.customerId}`);
  const aad = Buffer.from(customerRef, 'utf8');
  return {
    customerRef,
    ref: (value) => ref(`record:${value}`),
    seal(text) {
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', sealKey, nonce);
      cipher.setAAD(aad);
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return new Uint8Array(Buffer.concat([Buffer.of(SEAL_VERSION), nonce, cipher.getAuthTag(), body]));
    },
    unseal(sealed) {
      const bytes = Buffer.from(sealed);
      if (bytes.length < 1 + NONCE_BYTES + TAG_BYTES || bytes[0] !== SEAL_VERSION) {
        throw new SealError('Not a sealed archive content');
      }
      const nonce = bytes.subarray(1, 1 + NONCE_BYTES);
      const tag = bytes.subarray(1 + NONCE_BYTES, 1 + NONCE_BYTES + TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', sealKey, nonce);
      decipher.setAAD(aad);
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([
          decipher.update(bytes.subarray(1 + NONCE_BYTES + TAG_BYTES)),
          decipher.final(),
        ]).toString('utf8');
      } catch (error) {
        throw new SealError('The content was not sealed under this key', { cause: error });
      }
    },
  };
}
