import { describe, expect, it } from 'vitest';
import { hotAuditDaysFrom, SETTINGS, settingDefaults } from '#config/settings.js';
import { ConfigurationError } from '#shared/errors.js';
import { DEFAULT_HOT_AUDIT_DAYS } from '#shared/retention.js';

describe('HOT_AUDIT_DAYS: how long the hot audit table keeps a record', () => {
  it('defaults to 35 days, and the stack sets that default', () => {
    expect(SETTINGS.HOT_AUDIT_DAYS.parse(undefined)).toBe(DEFAULT_HOT_AUDIT_DAYS);
    expect(settingDefaults(['HOT_AUDIT_DAYS'])).toEqual({ HOT_AUDIT_DAYS: '35' });
  });

  it('refuses fewer days than the default stale horizon + 1, and non-numbers', () => {
    expect(SETTINGS.HOT_AUDIT_DAYS.parse('31')).toBe(31);
    expect(SETTINGS.HOT_AUDIT_DAYS.safeParse('30').success).toBe(false);
    expect(SETTINGS.HOT_AUDIT_DAYS.safeParse('thirty-five').success).toBe(false);
  });

  it('must outlive the configured stale horizon: the hot item is the event claim', () => {
    expect(hotAuditDaysFrom({ HOT_AUDIT_DAYS: 35, STALE_EVENT_HORIZON_DAYS: 30 })).toBe(35);
    expect(hotAuditDaysFrom({ HOT_AUDIT_DAYS: 40 })).toBe(40);
    expect(() => hotAuditDaysFrom({ HOT_AUDIT_DAYS: 35, STALE_EVENT_HORIZON_DAYS: 35 })).toThrow(
      ConfigurationError,
    );
  });
});
