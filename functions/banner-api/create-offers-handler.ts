import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { type ListOffersDeps, listOffers } from '#api/banner-service.js';
import { jsonResponse, parsePathParameters } from '#api/http.js';
import { ROUTES, routeKey } from '#api/route-table.js';
import { OffersPathSchema, type OffersResponse } from '#api/schemas.js';
import { apiHandler } from '#functions/handler-kit/api-handler.js';
import { METRIC } from '#functions/handler-kit/metric-names.js';
import type { Observability } from '#functions/handler-kit/powertools.js';

export interface OffersHandlerDeps extends ListOffersDeps, Observability {}

export const OFFERS_ROUTE = routeKey(ROUTES.listCustomerOffers);

/**
 * GET /customers/{customerId}/offers: the customer's active, unexpired offers ranked by priority, consent
 * checked again now. An unknown customer, one whose consent does not allow offers, or one whose repeated
 * dismissals pause all offers, gets 200 with an empty list: the answer never tells whether a customer
 * exists, nor why there is nothing to show.
 */
export function createOffersHandler(deps: OffersHandlerDeps) {
  return apiHandler(OFFERS_ROUTE, deps, async (event) => {
    const path = parsePathParameters(event, OffersPathSchema);
    if (!path.ok) return path.response;
    const result = await listOffers(deps, path.value.customerId);
    if (result.hiddenByConsent) deps.metrics.addMetric(METRIC.offersHiddenByConsent, MetricUnit.Count, 1);
    if (result.pausedByDismissals) {
      deps.metrics.addMetric(METRIC.offersPausedByDismissals, MetricUnit.Count, 1);
    }
    if (result.skipped > 0) {
      deps.logger.warn('Stored offers did not validate and were not served', { skipped: result.skipped });
      deps.metrics.addMetric(METRIC.offersUnreadable, MetricUnit.Count, result.skipped);
    }
    if (result.endedByWithdrawal > 0) {
      // Active rows a race left behind a withdrawal: never served, counted so an operator can see them.
      deps.metrics.addMetric(METRIC.offersEndedByWithdrawal, MetricUnit.Count, result.endedByWithdrawal);
    }
    deps.metrics.addMetric(METRIC.offersServed, MetricUnit.Count, result.offers.length);
    const body: OffersResponse = { offers: result.offers };
    return jsonResponse(200, body);
  });
}
