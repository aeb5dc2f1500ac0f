import type { ArchiveObject, ArchiveSink, CustomerKeyStore } from '#archive/ports.js';
import { type CustomerKey, newKeyMaterial, pseudonymiser } from '#archive/pseudonym.js';

/** The customer-keys table in memory (CustomerKeyStore): create never replaces, destroy deletes. */
export class InMemoryCustomerKeyStore implements CustomerKeyStore {
  readonly keys = new Map<string, CustomerKey>();
  readonly calls: Array<{ ids: readonly string[]; create: boolean }> = [];

  async keysOf(customerIds: readonly string[], options: { readonly create: boolean }) {
    this.calls.push({ ids: [...customerIds], create: options.create });
    const found = new Map<string, CustomerKey>();
    for (const customerId of customerIds) {
      let key = this.keys.get(customerId);
      if (key === undefined && options.create) {
        key = { customerId, material: newKeyMaterial() };
        this.keys.set(customerId, key);
      }
      if (key !== undefined) found.set(customerId, key);
    }
    return found;
  }

  async keysOfRefs(refs: readonly string[]) {
    const found = new Map<string, CustomerKey>();
    for (const key of this.keys.values()) {
      const ref = pseudonymiser(key).customerRef;
      if (refs.includes(ref)) found.set(ref, key);
    }
    return found;
  }

  async destroy(customerId: string): Promise<'destroyed' | 'absent'> {
    return this.keys.delete(customerId) ? 'destroyed' : 'absent';
  }
}

/** An archive sink in memory: the latest object per key, and every put in order. */
export class InMemoryArchiveSink implements ArchiveSink {
  readonly objects = new Map<string, ArchiveObject>();
  readonly puts: ArchiveObject[] = [];
  /** Throws on the put with this index (0-based), once. */
  failOnPut: number | undefined;

  async put(object: ArchiveObject): Promise<void> {
    if (this.failOnPut === this.puts.length) {
      this.failOnPut = undefined;
      throw new Error('sink failure (test)');
    }
    this.puts.push(object);
    this.objects.set(object.key, object);
  }
}
