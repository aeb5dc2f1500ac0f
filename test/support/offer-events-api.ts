import type { CatalogSource } from '#app/catalog-snapshot.js';
import { DEFAULT_DISMISSAL_PAUSE } from '#core/policy.js';
import { createOfferEventsHandler } from '#functions/banner-api/create-offer-events-handler.js';
import { catalogSource, NOW } from './builders.js';
import { answer, apiEvent, context, JSON_HEADERS, observability } from './http-api.js';
import { InMemoryBanner, storedOffer } from './in-memory-banner.js';

/** The offer the feedback handler tests report on: c-1's o_1, active until 2026-07-20T08:00Z. */
export const OFFER = storedOffer({
  customerId: 'c-1',
  offerInstanceId: 'o_1',
  offerId: 'worldwide-travel-cover',
});

/**
 * The feedback handler (POST …/events) over the in-memory banner ports holding OFFER, with a clock that
 * starts at NOW and moves only when told (`later`).
 */
export function offerEventsApi(
  options: { loud?: boolean; maxFutureSkewSeconds?: number; catalog?: CatalogSource } = {},
) {
  const banner = new InMemoryBanner().addOffer(OFFER);
  let now = NOW;
  const handler = createOfferEventsHandler({
    ...observability({ loud: options.loud ?? false }),
    offers: banner,
    store: banner,
    catalog: options.catalog ?? catalogSource(),
    clockGuard: { maxFutureSkewSeconds: options.maxFutureSkewSeconds ?? 300 },
    dismissalPause: DEFAULT_DISMISSAL_PAUSE,
    now: () => now,
  });
  const post = async (
    body: unknown,
    path: Record<string, string> = { customerId: 'c-1', offerInstanceId: 'o_1' },
    headers: Record<string, string> = JSON_HEADERS,
  ) =>
    answer(
      await handler(
        apiEvent({
          method: 'POST',
          routeKey: 'POST /customers/{customerId}/offers/{offerInstanceId}/events',
          pathParameters: path,
          headers,
          body: typeof body === 'string' ? body : JSON.stringify(body),
        }),
        context(),
      ),
    );
  return {
    banner,
    handler,
    post,
    later: (ms: number) => {
      now = new Date(now.getTime() + ms);
    },
  };
}
