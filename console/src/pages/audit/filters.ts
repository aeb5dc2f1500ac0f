/**
 * The filter forms of the suppressed-offers list and the access log, turned into query parameters, with
 * each mistake named next to its field before a request (the API's schemas, shared/privacy/query-params.ts,
 * check again). Empty fields are left out of the query: "no filter".
 */
import type { AccessLogQuery } from '../../api/audit.js';
import type { SuppressionReason } from './audit-types.js';
import { type FieldErrors, type PeriodForm, periodErrors, periodQuery } from './period.js';

/** A trigger id as the API takes it (kebab-case), or `none` (payments screened out as sensitive). */
const TRIGGER_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const MAX_TRIGGER_ID = 100;
/** Customer ids: 1 to 64 characters, any (shared/core/identifiers.ts). */
const MAX_CUSTOMER_ID = 64;
const MAX_ACTOR = 2048;

export interface SuppressedForm extends PeriodForm {
  readonly trigger: string;
  readonly reason: SuppressionReason | '';
  readonly limit: number;
}

export type SuppressedField = 'trigger' | 'from' | 'to';

export function suppressedErrors(form: SuppressedForm): FieldErrors<SuppressedField> {
  const trigger = form.trigger.trim();
  return {
    ...periodErrors(form),
    ...(trigger === '' || (TRIGGER_ID.test(trigger) && trigger.length <= MAX_TRIGGER_ID)
      ? {}
      : { trigger: 'Expected a trigger id in kebab-case (e.g. card-abroad-worldwide-cover), or none.' }),
  };
}

export interface SuppressedQuery {
  readonly trigger?: string;
  readonly reason?: SuppressionReason;
  readonly from?: string;
  readonly to?: string;
  readonly by: PeriodForm['by'];
  readonly limit: number;
}

export function suppressedQuery(form: SuppressedForm): SuppressedQuery {
  const trigger = form.trigger.trim();
  return {
    ...(trigger === '' ? {} : { trigger }),
    ...(form.reason === '' ? {} : { reason: form.reason }),
    ...periodQuery(form),
    limit: form.limit,
  };
}

export interface AccessLogForm {
  readonly who: string;
  readonly customerId: string;
  readonly query: string;
  readonly from: string;
  readonly to: string;
}

export type AccessLogField = 'who' | 'customerId' | 'from' | 'to';

export function accessLogErrors(form: AccessLogForm): FieldErrors<AccessLogField> {
  // Ids are compared exactly: a customer id may have spaces at its ends, so it is not trimmed.
  return {
    ...periodErrors(form),
    ...(form.who.trim().length > MAX_ACTOR ? { who: `Expected at most ${MAX_ACTOR} characters.` } : {}),
    ...(form.customerId.length > MAX_CUSTOMER_ID
      ? { customerId: `Expected a customer id of 1 to ${MAX_CUSTOMER_ID} characters.` }
      : {}),
  };
}

export interface AccessLogQueryParams {
  readonly actor?: string;
  readonly customer?: string;
  readonly query?: AccessLogQuery['query'];
  readonly from?: string;
  readonly to?: string;
}

export function accessLogQuery(form: AccessLogForm): AccessLogQueryParams {
  const who = form.who.trim();
  return {
    ...(who === '' ? {} : { actor: who }),
    ...(form.customerId === '' ? {} : { customer: form.customerId }),
    // The select offers exactly the queries the API takes.
    ...(form.query === '' ? {} : { query: form.query as NonNullable<AccessLogQuery['query']> }),
    ...(form.from === '' ? {} : { from: form.from }),
    ...(form.to === '' ? {} : { to: form.to }),
  };
}
