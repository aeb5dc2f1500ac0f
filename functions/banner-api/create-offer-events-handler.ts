import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { type RecordOfferEventDeps, recordOfferEvent } from '#api/banner-service.js';
import { jsonResponse, parseJsonBody, parsePathParameters } from '#api/http.js';
import { type FieldProblem, problemResponse } from '#api/problem.js';
import { ROUTES, routeKey } from '#api/route-table.js';
import { OfferEventPathSchema, OfferEventRequestSchema, type OfferEventResponse } from '#api/schemas.js';
import type { CatalogSource } from '#app/catalog-snapshot.js';
import { cooldownDaysFrom } from '#core/contact-policy.js';
import type { FeedbackRefusal } from '#core/offer-feedback.js';
import { apiHandler } from '#functions/handler-kit/api-handler.js';
import { METRIC } from '#functions/handler-kit/metric-names.js';
import type { Observability } from '#functions/handler-kit/powertools.js';

export interface OfferEventsHandlerDeps extends Omit<RecordOfferEventDeps, 'cooldownDays'>, Observability {
  /** The live catalog: a dismissal keeps the offer away for its offer's cooldownDays. */
  readonly catalog: CatalogSource;
}

export const OFFER_EVENTS_ROUTE = routeKey(ROUTES.recordOfferEvent);

/** Set on the answer to a repeated eventId (the body is the first answer's, unchanged). */
export const REPLAYED_HEADER = 'idempotent-replayed';

const NOT_ACTIVE: FieldProblem = {
  field: 'offerInstanceId',
  in: 'path',
  expected: 'an offer that is still active (not clicked, dismissed or withdrawn)',
};

/** Why a feedback is impossible, for the 409's detail and the field it is about. */
export const REFUSAL_PROBLEM: Readonly<Record<FeedbackRefusal, { detail: string; error: FieldProblem }>> = {
  dismissed: { detail: 'The offer was dismissed: it takes no further feedback.', error: NOT_ACTIVE },
  clicked: { detail: 'The offer was clicked: it takes no further feedback.', error: NOT_ACTIVE },
  withdrawn: { detail: 'The offer was withdrawn: it takes no further feedback.', error: NOT_ACTIVE },
  ended: { detail: 'The offer is no longer active: it takes no further feedback.', error: NOT_ACTIVE },
  expired: {
    detail: 'The offer expired: feedback at or after its expiry is not possible.',
    error: {
      field: 'at',
      in: 'body',
      expected: "an instant (or, without `at`, a request) before the offer's expiresAt",
    },
  },
};

/**
 * POST /customers/{customerId}/offers/{offerInstanceId}/events: records shown / clicked / dismissed for an
 * offer of this customer. 200 with the record, the same for a repeated eventId (no second effect); 409
 * when the offer's life does not allow the feedback (clicked, dismissed, withdrawn, expired at `at`),
 * nothing changed; 404 for an offer the customer does not have. A valid request reads the live catalog
 * first; with no valid catalog it is answered 503 (retry), nothing recorded.
 */
export function createOfferEventsHandler(deps: OfferEventsHandlerDeps) {
  return apiHandler(OFFER_EVENTS_ROUTE, deps, async (event) => {
    const path = parsePathParameters(event, OfferEventPathSchema);
    if (!path.ok) return path.response;
    const body = parseJsonBody(event, OfferEventRequestSchema);
    if (!body.ok) return body.response;

    const catalog = await deps.catalog.current();
    const result = await recordOfferEvent(
      { ...deps, cooldownDays: cooldownDaysFrom(catalog) },
      { ...path.value, request: body.value },
    );
    switch (result.kind) {
      case 'invalid':
        return problemResponse(
          'invalidRequest',
          'The body does not match the request schema.',
          result.problems,
        );
      case 'offer_not_found':
        return problemResponse('notFound', 'The customer has no offer with this offerInstanceId.', [
          { field: 'offerInstanceId', in: 'path', expected: 'an offer instance id of this customer' },
        ]);
      case 'refused': {
        deps.metrics.addMetric(METRIC.offerEventRefused(result.refusal), MetricUnit.Count, 1);
        const { detail, error } = REFUSAL_PROBLEM[result.refusal];
        return problemResponse('offerNotActive', detail, [error]);
      }
      case 'event_id_reused':
        return problemResponse(
          'eventIdReused',
          'The eventId was recorded before with a different type or time; use a new eventId for a new event.',
          [
            {
              field: 'eventId',
              in: 'body',
              expected: 'an eventId not yet used for another event of this offer',
            },
          ],
        );
      case 'recorded': {
        deps.metrics.addMetric(
          result.replayed ? METRIC.offerEventsRepeated : METRIC.offerEvent(result.record.type),
          MetricUnit.Count,
          1,
        );
        const answer: OfferEventResponse = result.record;
        return jsonResponse(200, answer, result.replayed ? { [REPLAYED_HEADER]: 'true' } : {});
      }
    }
  });
}
