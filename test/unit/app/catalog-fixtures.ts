import type { CatalogGovernanceService } from '#app/catalog-governance.js';
import { TriggerFileSchema } from '#core/catalog/schemas.js';
import { SEED_CATALOG_INPUT } from '#core/catalog/seed.js';
import type { Caller, ItemKind, JsonObject } from '#core/governance/model.js';

/** Callers and the seed catalog as governed items, shared by the catalog service and file tests. */
export const ann: Caller = { id: 'local:ann', role: 'product-team' };
export const ed: Caller = { id: 'local:ed', role: 'product-team' };
export const olga: Caller = { id: 'local:olga', role: 'privacy-officer' };
export const piet: Caller = { id: 'local:piet', role: 'privacy-officer' };

/**
 * Until the trigger schema drops `approvedBy`/`approvedAt` (another change of issue 12), a trigger needs
 * them to validate; afterwards it must not carry them. Content built here fits whichever schema is in place.
 */
export const legacyApprovalFields = (): JsonObject =>
  'approvedBy' in TriggerFileSchema.shape ? { approvedBy: 'n/a (lifecycle)', approvedAt: '2026-12-01' } : {};

export function seedTrigger(id: string): JsonObject {
  const found = SEED_CATALOG_INPUT.triggers.find((t) => (t.content as JsonObject).id === id);
  if (found === undefined) throw new Error(`no seed trigger ${id}`);
  const { version: _v, approvedBy: _b, approvedAt: _a, ...content } = found.content as JsonObject;
  return { ...content, ...legacyApprovalFields() };
}

const seedOffers = (SEED_CATALOG_INPUT.offers as { offers: JsonObject[] }).offers;
export const seedOffer = (id: string): JsonObject => {
  const offer = seedOffers.find((o) => o.offerId === id);
  if (offer === undefined) throw new Error(`no seed offer ${id}`);
  return offer;
};
/** products.json of the seed, when the catalog has one (product codes become data with issue 12). */
export const seedProducts =
  (SEED_CATALOG_INPUT.products as { products?: Record<string, JsonObject> } | undefined)?.products ?? {};
export const seedRegions = (SEED_CATALOG_INPUT.regions as { regions: Record<string, JsonObject> }).regions;

/** Every seed item, products, regions and offers first (what refers to what). */
export function seedItems(): { kind: ItemKind; id: string; content: JsonObject }[] {
  return [
    ...Object.entries(seedProducts).map(([id, content]) => ({ kind: 'product' as const, id, content })),
    ...Object.entries(seedRegions).map(([id, content]) => ({ kind: 'region' as const, id, content })),
    ...seedOffers.map((content) => ({ kind: 'offer' as const, id: String(content.offerId), content })),
    ...SEED_CATALOG_INPUT.triggers.map((t) => {
      const id = String((t.content as JsonObject).id);
      return { kind: 'trigger' as const, id, content: seedTrigger(id) };
    }),
  ];
}

/** Runs a command that must succeed. */
export async function must(
  service: CatalogGovernanceService,
  kind: ItemKind,
  id: string,
  command: Parameters<CatalogGovernanceService['execute']>[2],
  caller: Caller,
) {
  const result = await service.execute(kind, id, command, caller);
  if (!result.ok)
    throw new Error(
      `${command.action} ${kind}:${id} refused: ${result.refusal.rule}\n${(result.refusal.problems ?? []).join('\n')}`,
    );
  return result.history;
}

/** Each item drafted by ann, submitted, approved by olga, activated: the seed catalog, live through the lifecycle. */
export async function goLive(
  service: CatalogGovernanceService,
  items: readonly { kind: ItemKind; id: string; content: JsonObject }[],
): Promise<void> {
  for (const { kind, id, content } of items) {
    const drafted = await must(service, kind, id, { action: 'draft', content }, ann);
    const version = drafted.versions.at(-1)?.version ?? 0;
    await must(service, kind, id, { action: 'submit', version }, ann);
    await must(service, kind, id, { action: 'approve', version }, olga);
    await must(service, kind, id, { action: 'activate', version }, olga);
  }
}

/** What offers and triggers stand on: the seed's products (when it has products.json) and regions. */
export const isFoundation = (item: { kind: ItemKind }): boolean =>
  item.kind === 'product' || item.kind === 'region';
