/**
 * Issue 6, per-environment configuration: infra/environments/<name>.json, selected with `-c env=<name>`,
 * validated with zod at synth time. A bad setting stops synthesis with a message naming the setting and
 * what was expected; the consent regime and caps reach the functions' environment.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, stackNameFor } from '#cdk/create-app.js';
import { DEFAULT_ENVIRONMENT, environmentNames, loadEnvironment } from '#cdk/environments.js';
import {
  assertSettingsFitDefinition,
  DEFAULT_SETTINGS,
  resolveSettings,
  type SettingsOverrides,
} from '#cdk/settings.js';
import { DEFAULT_POLICY } from '#core/policy.js';
import { app as definition } from '#infra/definitions.js';
import { REPO_ROOT } from '#infra/stack.js';
import { type Json, logicalId, SYNTH_TIMEOUT_MS, type Synthesized, synthesize } from './support.js';

const invalid = (value: unknown) => () => resolveSettings({ source: 'test.json', value });

describe('settings', () => {
  it('default to the privacy-safe policy of the handlers: opt-in, 2 offers per 7 days', () => {
    expect(resolveSettings()).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS.consentRegime).toBe('opt-in');
    expect(DEFAULT_SETTINGS.consentRegime).toBe(DEFAULT_POLICY.consentRegime);
    expect(DEFAULT_SETTINGS.frequencyCap).toEqual(DEFAULT_POLICY.frequencyCap);
    expect(DEFAULT_SETTINGS.arbitration).toEqual(DEFAULT_POLICY.arbitration);
    expect(DEFAULT_SETTINGS.dismissalPause).toEqual(DEFAULT_POLICY.dismissalPause);
  });

  it('keep the archive lag alarm at ARCHIVE_LAG_ALARM_SECONDS (120 s) and Athena scans at 100 GB by default', () => {
    expect(DEFAULT_SETTINGS.archive).toEqual({
      lagAlarmSeconds: 120,
      bytesScannedCutoffGb: 100,
      firstDay: '2026-01-01',
    });
  });

  it('merge nested objects key by key over the defaults', () => {
    const settings = resolveSettings({ source: 'a.json', value: { alarms: { publisherLagSeconds: 60 } } });
    expect(settings.alarms).toEqual({ ...DEFAULT_SETTINGS.alarms, publisherLagSeconds: 60 });
  });

  it.each<[string, unknown, RegExp]>([
    [
      'a cap of 0',
      { frequencyCap: { maxOffers: 0 } },
      /frequencyCap\.maxOffers: expected the most offers per customer per window: a whole number from 1 to 20/,
    ],
    [
      'a cap given as text',
      { frequencyCap: { windowDays: '7' } },
      /frequencyCap\.windowDays: expected the frequency window in days: a whole number from 1 to 90/,
    ],
    [
      'no offer per payment',
      { arbitration: { maxOffersPerEvent: 0 } },
      /arbitration\.maxOffersPerEvent: expected the most offers emitted for one payment: a whole number from 1 to 10/,
    ],
    [
      'an active-offer limit given as text',
      { arbitration: { maxActiveOffers: 'two' } },
      /arbitration\.maxActiveOffers: expected the most offers active for one customer at once: a whole number from 1 to 20/,
    ],
    [
      'a dismissal pause of a fraction of a day',
      { dismissalPause: { pauseDays: 1.5 } },
      /dismissalPause\.pauseDays: expected the days a dismissal pause lasts: a whole number from 1 to 365/,
    ],
    [
      'a misspelt dismissal pause setting',
      { dismissalPause: { count: 3 } },
      /dismissalPause\.count: unknown setting; expected one of: dismissals, withinDays, pauseDays/,
    ],
    [
      'a log retention CloudWatch does not offer',
      { logRetentionDays: 31 },
      /logRetentionDays: expected one of the CloudWatch Logs retention periods: 1, 3, 5/,
    ],
    [
      'an unknown consent regime',
      { consentRegime: 'opt_out' },
      /consentRegime: expected "opt-in" \(the default\) or "opt-out"/,
    ],
    [
      'opt-out without its approval',
      { consentRegime: 'opt-out' },
      /optOutApproval: required when consentRegime is "opt-out"/,
    ],
    [
      'an approval without opt-out',
      { optOutApproval: 'DPIA-2026-014 approved by the DPO' },
      /optOutApproval: only allowed with consentRegime "opt-out"/,
    ],
    [
      'an approval that cannot be a tag value',
      { consentRegime: 'opt-out', optOutApproval: 'DPIA 14, approved (DPO)' },
      /optOutApproval: expected letters, digits, spaces and _ \. : \/ = \+ - @ only/,
    ],
    [
      'a misspelt setting',
      { logRetention: 30 },
      /logRetention: unknown setting; expected one of: description, consentRegime, optOutApproval, frequencyCap, arbitration, dismissalPause, logRetentionDays,/,
    ],
    [
      'a misspelt nested setting',
      { alarms: { lambdaErrors: 3 } },
      /alarms\.lambdaErrors: unknown setting; expected one of: paymentEventsMaxAgeSeconds, publisherLagSeconds, lambdaErrorsPer5Minutes,/,
    ],
    [
      'a concurrency SQS does not allow',
      { sqsMaxConcurrency: 1 },
      /sqsMaxConcurrency: expected the maximum concurrency of an SQS event source: a whole number from 2 to 1000/,
    ],
    [
      'a per-queue concurrency SQS does not allow',
      { sqsMaxConcurrencyByQueue: { 'payment-events': 5000 } },
      /sqsMaxConcurrencyByQueue\.payment-events: expected the maximum concurrency/,
    ],
    [
      'an alarm threshold of 0',
      { alarms: { lambdaErrorsPer5Minutes: 0 } },
      /alarms\.lambdaErrorsPer5Minutes: expected failed invocations per 5 minutes: a whole number from 1/,
    ],
    [
      'a notification address that is not one',
      { alarms: { notificationEmails: ['on-call'] } },
      /alarms\.notificationEmails\.0: expected an e-mail address/,
    ],
    [
      'an API rate as text',
      { apiThrottle: { rateLimit: 'fast' } },
      /apiThrottle\.rateLimit: expected requests per second \(a number\)/,
    ],
    [
      'an archive lag alarm below 30 s',
      { archive: { lagAlarmSeconds: 5 } },
      /archive\.lagAlarmSeconds: expected the archive lag alarm threshold in seconds: a whole number from 30/,
    ],
    [
      'no Athena scan limit',
      { archive: { bytesScannedCutoffGb: 0 } },
      /archive\.bytesScannedCutoffGb: expected the most gigabytes one archive query may scan/,
    ],
    [
      'an archive first day that is not a day',
      { archive: { firstDay: '2026-02-30' } },
      /archive\.firstDay: expected a real calendar day/,
    ],
    [
      'a misspelt archive setting',
      { archive: { lagSeconds: 60 } },
      /archive\.lagSeconds: unknown setting; expected one of: lagAlarmSeconds, bytesScannedCutoffGb, firstDay/,
    ],
  ])('reject %s, naming the setting and what was expected', (_, value, message) => {
    expect(invalid(value)).toThrow(message);
    expect(invalid(value)).toThrow(/^Invalid settings \(defaults <- test\.json\):/);
  });

  it('reject per-queue concurrency for a queue nobody consumes', () => {
    const settings = resolveSettings({
      source: 'x',
      value: { sqsMaxConcurrencyByQueue: { 'payment-event': 50 } },
    });
    expect(() => assertSettingsFitDefinition(settings, definition)).toThrow(
      /sqsMaxConcurrencyByQueue\.payment-event: expected the name of a queue with an SQS event source \(one of payment-events, consent-changes, customer-updates\)/,
    );
  });
});

describe('environment files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'offer-pipeline-envs-'));
    writeFileSync(path.join(dir, 'good.json'), JSON.stringify({ logRetentionDays: 60 }));
    writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ frequencyCap: { maxOffers: 'two' } }));
    writeFileSync(path.join(dir, 'broken.json'), '{ "logRetentionDays": 14, }');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ship dev and prod, both opt-in, each valid', () => {
    expect(environmentNames()).toEqual(expect.arrayContaining(['dev', 'prod']));
    expect(DEFAULT_ENVIRONMENT).toBe('dev');
    for (const name of environmentNames()) {
      const env = loadEnvironment(name);
      expect(env.settings.consentRegime, name).toBe('opt-in');
      assertSettingsFitDefinition(env.settings, definition);
    }
  });

  it('a file states only what differs from the defaults', () => {
    expect(loadEnvironment('good', { dir }).settings).toEqual({ ...DEFAULT_SETTINGS, logRetentionDays: 60 });
  });

  it('a bad setting names the file, the setting and what was expected', () => {
    expect(() => loadEnvironment('bad', { dir })).toThrow(
      /Invalid settings \(defaults <- .*bad\.json\):\n {2}- frequencyCap\.maxOffers: expected the most offers per customer per window: a whole number from 1 to 20/,
    );
  });

  it('a file that is not JSON, an unknown environment and a bad name are named as such', () => {
    expect(() => loadEnvironment('broken', { dir })).toThrow(
      /Invalid settings file .*broken\.json: not valid JSON/,
    );
    expect(() => loadEnvironment('staging', { dir })).toThrow(
      /Unknown environment "staging" \(-c env=staging\): there is no .*staging\.json; expected one of: bad, broken, good/,
    );
    expect(() => loadEnvironment('../prod', { dir })).toThrow(/Invalid environment name "\.\.\/prod"/);
  });

  it('stop the synthesis of the app with that message', () => {
    expect(() =>
      createApp({
        appProps: { context: { env: 'bad', 'aws:cdk:bundling-stacks': [] } },
        stackProps: { environmentsDir: dir },
      }),
    ).toThrow(/frequencyCap\.maxOffers: expected the most offers per customer per window/);
  });

  it('`cdk synth -c env=<unknown>` exits 1 with the message and no stack trace', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'offer-pipeline-cdk-'));
    try {
      const run = spawnSync('npx', ['tsx', 'infra/app.ts'], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify({ env: 'nope' }), CDK_OUTDIR: outdir },
        timeout: 60_000,
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/Unknown environment "nope" \(-c env=nope\).*expected one of: .*dev.*prod/);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('a prod stack with opt-out, other caps and thresholds', () => {
  const overrides: SettingsOverrides = {
    consentRegime: 'opt-out',
    optOutApproval: 'DPIA-2026-014 approved by the DPO 2026-05-02',
    frequencyCap: { maxOffers: 3, windowDays: 14 },
    arbitration: { maxOffersPerEvent: 2, maxActiveOffers: 3 },
    dismissalPause: { dismissals: 4, withinDays: 21, pauseDays: 60 },
    sqsMaxConcurrencyByQueue: { 'payment-events': 250 },
    alarms: { paymentEventsMaxAgeSeconds: 600, notificationEmails: ['offer-pipeline-oncall@bank.example'] },
  };
  let synth: Synthesized;
  let resources: Record<string, Json>;
  beforeAll(() => {
    synth = synthesize({ bundle: false, stackProps: { environmentName: 'prod', settings: overrides } });
    resources = synth.template.toJSON().Resources;
  }, SYNTH_TIMEOUT_MS);
  afterAll(() => synth?.cleanup());

  const envOf = (name: string): Record<string, Json> => {
    const fn = synth.stack.functions.get(name);
    if (!fn) throw new Error(`no function ${name}`);
    return resources[logicalId(fn.function)].Properties.Environment.Variables;
  };

  it('is its own stack, OfferPipeline-prod, with the prod file under the overrides', () => {
    expect(synth.stack.stackName).toBe(stackNameFor('prod'));
    expect(synth.stack.settings.logRetentionDays).toBe(loadEnvironment('prod').settings.logRetentionDays);
  });

  it('passes the consent regime and caps to the functions that declare them, and only those', () => {
    expect(envOf('evaluate-payments')).toMatchObject({
      CONSENT_REGIME: 'opt-out',
      FREQUENCY_CAP_MAX_OFFERS: '3',
      FREQUENCY_CAP_WINDOW_DAYS: '14',
    });
    expect(envOf('banner-offers').CONSENT_REGIME).toBe('opt-out');
    expect(envOf('banner-offers')).not.toHaveProperty('FREQUENCY_CAP_MAX_OFFERS');
    // Arbitration decides in evaluate-payments only; the dismissal pause also stops the banner API serving.
    const pause = {
      DISMISSAL_PAUSE_COUNT: '4',
      DISMISSAL_PAUSE_WITHIN_DAYS: '21',
      DISMISSAL_PAUSE_DAYS: '60',
    };
    expect(envOf('evaluate-payments')).toMatchObject({
      MAX_OFFERS_PER_EVENT: '2',
      MAX_ACTIVE_OFFERS: '3',
      ...pause,
    });
    for (const name of ['banner-offers', 'banner-offer-events']) {
      expect(envOf(name), name).toMatchObject(pause);
      expect(envOf(name), name).not.toHaveProperty('MAX_ACTIVE_OFFERS');
    }
    for (const fn of definition.functions)
      if (!('CONSENT_REGIME' in fn.environment))
        expect(envOf(fn.name), fn.name).not.toHaveProperty('CONSENT_REGIME');
  });

  it('records the regime and its approval as tags', () => {
    const audit = synth.stack.tables.get('audit');
    if (!audit) throw new Error('no audit table');
    const table = resources[logicalId(audit)];
    expect(table.Properties.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'offer-pipeline:consent-regime', Value: 'opt-out' },
        { Key: 'offer-pipeline:opt-out-approval', Value: overrides.optOutApproval },
        { Key: 'offer-pipeline:environment', Value: 'prod' },
      ]),
    );
  });

  it('sets per-queue maximum concurrency, log retention, thresholds and alarm subscriptions', () => {
    const prod = loadEnvironment('prod').settings;
    const mappings = Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::EventSourceMapping');
    for (const fn of definition.functions) {
      for (const source of fn.events) {
        if (source.kind !== 'sqs') continue;
        const queue = synth.stack.queues.get(source.queue);
        if (!queue) throw new Error(`no queue ${source.queue}`);
        const mapping = mappings.find(
          (m) =>
            JSON.stringify(m.Properties.EventSourceArn) ===
            JSON.stringify({ 'Fn::GetAtt': [logicalId(queue), 'Arn'] }),
        );
        expect(mapping?.Properties.ScalingConfig.MaximumConcurrency, source.queue).toBe(
          source.queue === 'payment-events' ? 250 : prod.sqsMaxConcurrency,
        );
      }
    }
    for (const group of Object.values(resources).filter((r) => r.Type === 'AWS::Logs::LogGroup'))
      expect(group.Properties.RetentionInDays).toBe(prod.logRetentionDays);
    const age = Object.values(resources).find(
      (r) =>
        r.Type === 'AWS::CloudWatch::Alarm' &&
        r.Properties.AlarmName === 'OfferPipeline-prod-oldest-payment-event',
    );
    expect(age?.Properties.Threshold).toBe(600);
    synth.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'offer-pipeline-oncall@bank.example',
      TopicArn: { Ref: logicalId(synth.stack.monitoring.topic) },
    });
  });
});

describe('the default (dev) stack', () => {
  it('runs opt-in with the default caps in every function that applies consent', () => {
    const { stack } = createApp({ appProps: { context: { 'aws:cdk:bundling-stacks': [] } } });
    expect(stack.environmentName).toBe('dev');
    expect(stack.settings.consentRegime).toBe('opt-in');
    expect(stack.settings.frequencyCap).toEqual(DEFAULT_POLICY.frequencyCap);
  });
});
