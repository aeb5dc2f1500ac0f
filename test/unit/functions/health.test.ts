import { describe, expect, it } from 'vitest';
import {
  PROBLEM_CONTENT_TYPE,
  problemType,
  UNKNOWN_ROUTE_DETAIL,
  unknownRouteResponse,
} from '#api/problem.js';
import { ROUTES, routeKey, UNKNOWN_ROUTE_KEY } from '#api/route-table.js';
import { handler } from '#functions/health/handler.js';

/** The health function: liveness on GET /health, and the deployed API's answer to unknown routes. */
describe('health function', () => {
  it('answers GET /health with status ok', async () => {
    const answer = await handler({ routeKey: routeKey(ROUTES.getHealth) });
    expect(answer).toMatchObject({ statusCode: 200, headers: { 'content-type': 'application/json' } });
    expect(JSON.parse(String((answer as { body: string }).body))).toEqual({ status: 'ok' });
  });

  it.each([UNKNOWN_ROUTE_KEY, 'POST /health', '', undefined])(
    'answers the unknown-route 404 problem for route key %s',
    async (key) => {
      const answer = (await handler(key === undefined ? {} : { routeKey: key })) as {
        statusCode: number;
        headers: Record<string, string>;
        body: string;
      };
      expect(answer.statusCode).toBe(404);
      expect(answer.headers['content-type']).toBe(PROBLEM_CONTENT_TYPE);
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(JSON.parse(answer.body)).toEqual({
        type: problemType('routeNotFound'),
        title: 'No route matches the request path',
        status: 404,
        detail: UNKNOWN_ROUTE_DETAIL,
      });
      expect(answer).toEqual(unknownRouteResponse());
    },
  );
});
