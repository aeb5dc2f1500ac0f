import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemHistory, JsonObject, TransitionRecord } from '#core/governance/model.js';
import { writeEndpointsFile } from '#local/endpoints-file.js';
import { main } from '#local/triggers-cli.js';
import { localGatewayUrl } from '#local/triggers-client.js';
import {
  CatalogApi,
  catalogStore,
  itemPath,
  type Person,
  privacyOfficer,
  productTeam,
  versionPath,
} from '#test/integration/support/catalog-api.js';
import { runTriggersCli } from '#test/integration/support/cli.js';
import { PipelineHarness } from '#test/integration/support/pipeline.js';

/**
 * Issue 12's lifecycle over HTTP, on the real local runtime (the catalog API behind the local gateway, the
 * DynamoDB catalog table): four eyes, the sensitive lint on submit, concurrent approvals, the history
 * with who, role and when; and `npm run triggers` against it, found through its endpoints file.
 */

const ann = productTeam('ann');
const ed = productTeam('ed');
const piet = productTeam('piet');
const olga = privacyOfficer('olga');
const asOfficer = (person: Person) => privacyOfficer(person.name);

/** An aligned table as the CLI prints it: each row's cells by the header's column positions. */
function tableRows(text: string): Array<Record<string, string>> {
  const [header = '', ...lines] = text.trimEnd().split('\n');
  const columns = [...header.matchAll(/\S+/g)].map((m) => ({ name: m[0], start: m.index }));
  return lines.map((line) =>
    Object.fromEntries(
      columns.map((c, i) => [c.name, line.slice(c.start, columns[i + 1]?.start ?? line.length).trim()]),
    ),
  );
}

/** The problem+json detail of a refused request, with its status. */
const refused = (status: number, detail: string | RegExp) =>
  expect.objectContaining({
    status,
    body: expect.objectContaining({
      status,
      detail: typeof detail === 'string' ? detail : expect.stringMatching(detail),
    }),
  });

describe('the governed catalog over HTTP on the local runtime', () => {
  let pipeline: PipelineHarness;
  let api: CatalogApi;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'catalog-lifecycle-'));
    pipeline = await PipelineHarness.start();
    api = new CatalogApi(pipeline.runtime);
  });

  afterAll(async () => {
    await pipeline?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a new version of a seed trigger goes live only through a privacy officer who neither wrote nor edited it; the history says who, in which role, when', async () => {
    const id = 'card-abroad-worldwide-cover';
    const seed = await api.newestContent('trigger', id);
    const condition = seed.condition as { all: unknown[] };
    const drafted: JsonObject = {
      ...seed,
      condition: { all: [...condition.all, { field: 'amount.minor', gte: 5000 }] },
    };
    await api.expect(201, ann, 'POST', `${itemPath('trigger', id)}/versions`, { content: drafted });
    const edited = { ...drafted, description: `${String(seed.description)} Withdrawals of EUR 50 or more.` };
    await api.expect(200, ed, 'PUT', versionPath('trigger', id, 2), { content: edited, comment: 'wording' });
    await api.expect(200, ann, 'POST', `${versionPath('trigger', id, 2)}/submit`);

    const approve = `${versionPath('trigger', id, 2)}/approve`;
    // The author and the editor are refused whatever role they act in; a product team may not call the route.
    expect(await api.request(asOfficer(ann), 'POST', approve)).toEqual(
      refused(403, 'approver is the author of version 2'),
    );
    expect(await api.request(asOfficer(ed), 'POST', approve)).toEqual(
      refused(403, 'approver edited version 2'),
    );
    expect(await api.request(piet, 'POST', approve)).toEqual(
      refused(403, 'role product-team may not call this route; it is for privacy-officer'),
    );
    // Nothing of the refusals was written.
    expect((await api.history('trigger', id)).versions[1]?.state).toBe('in_review');

    await api.expect(200, olga, 'POST', approve, { comment: 'four eyes' });
    await api.expect(200, olga, 'POST', `${versionPath('trigger', id, 2)}/activate`);

    const history = await api.history('trigger', id);
    expect(history.versions.map((v) => [v.version, v.state, v.author, v.editors, v.approval?.by])).toEqual([
      [1, 'retired', 'seed-import', [], 'seed-import'],
      [2, 'live', 'local:ann', ['local:ed'], 'local:olga'],
    ]);
    expect(history.versions[1]?.content).toEqual(edited);
    const steps = (t: TransitionRecord) => [t.version, t.action, t.from ?? null, t.to, t.by, t.role];
    const seedSteps = history.transitions.filter((t) => t.role === 'seed-import');
    expect(seedSteps.map((t) => t.action)).toEqual(['draft', 'submit', 'approve', 'activate']);
    expect(history.transitions.slice(seedSteps.length).map(steps)).toEqual([
      [2, 'draft', null, 'draft', 'local:ann', 'product-team'],
      [2, 'edit', 'draft', 'draft', 'local:ed', 'product-team'],
      [2, 'submit', 'draft', 'in_review', 'local:ann', 'product-team'],
      [2, 'approve', 'in_review', 'approved', 'local:olga', 'privacy-officer'],
      [1, 'supersede', 'live', 'retired', 'local:olga', 'privacy-officer'],
      [2, 'activate', 'approved', 'live', 'local:olga', 'privacy-officer'],
    ]);
    expect(history.transitions.map((t) => t.seq)).toEqual(history.transitions.map((_, i) => i + 1));
    const times = history.transitions.map((t) => Date.parse(t.at));
    expect(times.every((t, i) => Number.isFinite(t) && t >= (times[i - 1] ?? 0))).toBe(true);
    // The approval and the activation are of the exact content that was edited.
    const approval = history.transitions.find((t) => t.action === 'approve' && t.version === 2);
    expect(approval?.contentHash).toBe(history.versions[1]?.contentHash);
    expect(approval?.comment).toBe('four eyes');
    // What the API answered is what the table holds.
    expect(await catalogStore(pipeline.runtime).load('trigger', id)).toEqual(history);
  });

  it('refuses to submit a trigger on a sensitive merchant category (hospitals) with the lint problem; the draft stays a draft', async () => {
    const id = 'clinic-cover';
    const content: JsonObject = {
      ...(await api.newestContent('trigger', 'ticket-travel-insurance')),
      id,
      condition: {
        all: [{ field: 'merchant.mcc', in: ['8062'] }, { holdsNone: ['travel-insurance-worldwide'] }],
      },
    };
    await api.expect(201, ann, 'POST', `${itemPath('trigger', id)}/versions`, { content });
    const answer = await api.request(ann, 'POST', `${versionPath('trigger', id, 1)}/submit`);
    expect(answer).toEqual(refused(422, 'version 1 does not pass validation and lint'));
    const problems = (answer.body as { problems?: string[] }).problems ?? [];
    expect(problems).toEqual([
      expect.stringMatching(
        /^trigger:clinic-cover@1\b.*condition\.all\[0\].*"8062" targets health \(art\. 9\)$/,
      ),
    ]);
    const history = await api.history('trigger', id);
    expect(history.versions.map((v) => v.state)).toEqual(['draft']);
    expect(history.transitions.map((t) => t.action)).toEqual(['draft']);
  });

  it('of concurrent approvals and rejections exactly one is recorded; the others are refused with 409', async () => {
    const id = 'high-balance-savings';
    const content = await api.newestContent('trigger', id);
    await api.expect(201, ann, 'POST', `${itemPath('trigger', id)}/versions`, {
      content: { ...content, description: `${String(content.description)} Reviewed again.` },
    });
    await api.expect(200, ann, 'POST', `${versionPath('trigger', id, 2)}/submit`);
    const before = await api.history('trigger', id);

    const officers = ['o1', 'o2', 'o3', 'o4', 'o5', 'o6'].map(privacyOfficer);
    const answers = await Promise.all(
      officers.map((officer, i) =>
        i % 2 === 0
          ? api.request(officer, 'POST', `${versionPath('trigger', id, 2)}/approve`)
          : api.request(officer, 'POST', `${versionPath('trigger', id, 2)}/reject`, { reasons: ['no'] }),
      ),
    );
    const won = answers.filter((a) => a.status === 200);
    expect(won).toHaveLength(1);
    for (const lost of answers.filter((a) => a.status !== 200))
      expect(lost).toEqual(
        refused(
          409,
          /^(changed concurrently; reload and retry|version 2 is (approved|rejected), not in review)$/,
        ),
      );

    const after: ItemHistory = await api.history('trigger', id);
    expect(after.revision).toBe(before.revision + 1);
    const decided = after.transitions.slice(before.transitions.length);
    expect(decided).toHaveLength(1);
    const version = after.versions[1];
    expect([decided[0]?.action, decided[0]?.by]).toEqual(
      version?.state === 'approved' ? ['approve', version.approval?.by] : ['reject', version?.rejection?.by],
    );
  });

  it('npm run triggers finds the running pipeline: list, draft, submit, a refused approve (exit 1, the rule), approve --as, history', async () => {
    const runtimeFile = join(dir, 'runtime.json');
    writeEndpointsFile(pipeline.runtime, undefined, runtimeFile);
    const id = 'student-finance-student-account';
    const file = join(dir, `${id}.json`);
    const content = await api.newestContent('trigger', id);
    writeFileSync(file, JSON.stringify({ ...content, description: `${String(content.description)} (v2)` }));

    // In this process (the same program, over the real HTTP API), then the real CLI for the telling steps.
    const cli = async (...args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await main(
        ['node', 'triggers-cli.ts', ...args],
        {
          fetch: (url, init) => fetch(url, init),
          out: (l) => out.push(l),
          localUrl: () => localGatewayUrl(runtimeFile),
        },
        (l) => err.push(l),
      );
      return { code, stdout: out.join('\n'), stderr: err.join('\n') };
    };
    expect(await cli('draft', file, '--as', 'ann')).toEqual({
      code: 0,
      stdout: `trigger ${id} version 2: draft`,
      stderr: '',
    });
    expect(await cli('submit', id, '--as', 'ann')).toMatchObject({
      code: 0,
      stdout: `trigger ${id} version 2: in_review`,
    });

    const selfApproval = await runTriggersCli(['approve', id, '--version', '2', '--as', 'ann'], {
      LOCAL_RUNTIME_FILE: runtimeFile,
    });
    expect(selfApproval).toMatchObject({ code: 1, stdout: '' });
    expect(selfApproval.stderr).toContain('error: HTTP 403: approver is the author of version 2');

    expect(await cli('approve', id, '--version', '2', '--as', 'olga')).toMatchObject({
      code: 0,
      stdout: `trigger ${id} version 2: approved`,
    });
    const list = await cli('list', '--as', 'olga', '--role', 'privacy-officer');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(
      new RegExp(`^trigger\\s+${id}\\s+2\\s+approved\\s+local:ann\\s+local:olga\\s*$`, 'm'),
    );

    const history = await runTriggersCli(['history', id, '--as', 'olga'], {
      LOCAL_RUNTIME_FILE: runtimeFile,
    });
    expect(history).toMatchObject({ code: 0, stderr: '' });
    const rows = tableRows(history.stdout).filter((r) => r.VERSION === '2');
    expect(rows.map((r) => [r.ACTION, r.FROM, r.TO, r.BY, r.ROLE])).toEqual([
      ['draft', '', 'draft', 'local:ann', 'product-team'],
      ['submit', 'draft', 'in_review', 'local:ann', 'product-team'],
      ['approve', 'in_review', 'approved', 'local:olga', 'privacy-officer'],
    ]);
    for (const row of rows) expect(Number.isFinite(Date.parse(row.AT ?? ''))).toBe(true);
  });
});
