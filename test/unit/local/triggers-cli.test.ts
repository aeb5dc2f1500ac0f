/**
 * `npm run triggers` (issue 12) against a fake fetch: which request each command sends (path, role,
 * identity headers, body), SigV4 against AWS with `--as` refused there, problems printed with exit 1, and
 * catalog folders written by export read back by import.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type * as z from 'zod';
import {
  ActivateBodySchema,
  CommentBodySchema,
  DraftBodySchema,
  LintBodySchema,
  RejectBodySchema,
} from '#api/catalog-requests.js';
import type { ItemVersion } from '#core/governance/model.js';
import { main } from '#local/triggers-cli.js';
import { readCatalogFolder } from '#local/triggers-folder.js';
import { withEnv } from '#test/support/lambda.js';

interface Sent {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body?: unknown;
}

const LOCAL = 'http://127.0.0.1:4010/';

/** The body schema the catalog API applies to a request (functions/catalog-api/create-handler.ts). */
function bodySchemaOf(method: string, url: string): z.ZodType | undefined {
  const path = new URL(url).pathname;
  if (method === 'POST' && path === '/catalog/lint') return LintBodySchema;
  if (method === 'POST' && path.endsWith('/versions')) return DraftBodySchema;
  if (method === 'PUT') return DraftBodySchema;
  if (path.endsWith('/reject')) return RejectBodySchema;
  if (path.endsWith('/activate')) return ActivateBodySchema;
  if (/\/(submit|approve|retire)$/.test(path)) return CommentBodySchema;
  return undefined;
}

/**
 * Every body the CLI sends must be one the real API accepts: a fake fetch that answered anything would hide
 * a CLI that sends a field the API refuses (as `lint` once sent the file name).
 */
const refusedBodies: string[] = [];
afterEach(() => {
  expect(refusedBodies.splice(0)).toEqual([]);
});

function version(overrides: Partial<ItemVersion>): ItemVersion {
  return {
    kind: 'trigger',
    id: 't-1',
    version: 1,
    content: { id: 't-1' },
    contentHash: 'h',
    state: 'draft',
    author: 'local:alice',
    editors: [],
    origin: 'authored',
    createdAt: '2026-07-01T00:00:00.000Z',
    updatedAt: '2026-07-01T00:00:00.000Z',
    ...overrides,
  };
}

/** Runs the CLI; `answer` gives each request's status and body (200 with a changed version by default). */
async function run(argv: string[], answer?: (sent: Sent) => { status: number; body: unknown }) {
  const sent: Sent[] = [];
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    ['node', 'triggers', ...argv],
    {
      fetch: async (url, init) => {
        const request: Sent = {
          method: String(init.method),
          url,
          headers: init.headers as Record<string, string>,
          ...(init.body === undefined ? {} : { body: JSON.parse(String(init.body)) }),
        };
        sent.push(request);
        const schema = bodySchemaOf(request.method, url);
        if (schema !== undefined && request.body !== undefined && !schema.safeParse(request.body).success) {
          refusedBodies.push(`${request.method} ${url}: ${JSON.stringify(request.body)}`);
        }
        const { status, body } = answer?.(request) ?? { status: 200, body: { versions: [version({})] } };
        return new Response(JSON.stringify(body), { status });
      },
      out: (line) => out.push(line),
      localUrl: () => LOCAL,
    },
    (line) => err.push(line),
  );
  return { code, sent, out: out.join('\n'), err: err.join('\n') };
}

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'triggers-cli-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('locally: --as names the caller, the command its role', () => {
  it('approve is sent as a privacy officer, with the version in the path', async () => {
    const { code, sent } = await run(['--as', 'olivia', 'approve', 't-1', '--version', '3']);
    expect(code).toBe(0);
    expect(sent).toEqual([
      {
        method: 'POST',
        url: `${LOCAL}catalog/items/trigger/t-1/versions/3/approve`,
        headers: {
          accept: 'application/json',
          'x-local-caller': 'olivia',
          'x-local-role': 'privacy-officer',
        },
      },
    ]);
  });

  it('draft reads the trigger file and sends its content without version or approvedBy, as a product team', async () => {
    const file = join(tempDir(), 'my-trigger.json');
    writeFileSync(
      file,
      JSON.stringify({ id: 'my-trigger', version: 7, approvedBy: 'someone', description: 'd' }),
    );
    const { code, sent } = await run(['--as', 'alice', 'draft', file]);
    expect(code).toBe(0);
    expect(sent[0]?.url).toBe(`${LOCAL}catalog/items/trigger/my-trigger/versions`);
    expect(sent[0]?.headers['x-local-role']).toBe('product-team');
    expect(sent[0]?.body).toEqual({
      content: { id: 'my-trigger', description: 'd' },
      comment: `drafted from ${file}`,
    });
  });

  it('reject sends every --reason; activate --at its time; retire and reads take --role', async () => {
    const reject = await run([
      '--as',
      'o',
      'reject',
      't-1',
      '--version',
      '2',
      '--reason',
      'a',
      '--reason',
      'b',
    ]);
    expect(reject.sent[0]?.body).toEqual({ reasons: ['a', 'b'] });
    const at = '2026-08-01T09:00:00+02:00';
    const activate = await run([
      '--as',
      'o',
      '--role',
      'privacy-officer',
      'activate',
      't-1',
      '--version',
      '2',
      '--at',
      at,
    ]);
    expect(activate.sent[0]).toMatchObject({ body: { at }, headers: { 'x-local-role': 'privacy-officer' } });
    const retire = await run(['--as', 'a', '--kind', 'offer', 'retire', 'o-1']);
    expect(retire.sent[0]).toMatchObject({
      url: `${LOCAL}catalog/items/offer/o-1/retire`,
      headers: { 'x-local-role': 'product-team' },
    });
    const list = await run(['--as', 'a', '--kind', 'region', 'list']);
    expect(list.sent[0]?.url).toBe(`${LOCAL}catalog/items?kind=region`);
  });

  it('submit without --version submits the newest draft', async () => {
    const { sent } = await run(['--as', 'alice', 'submit', 't-1'], (request) =>
      request.method === 'GET'
        ? {
            status: 200,
            body: {
              kind: 'trigger',
              id: 't-1',
              revision: 3,
              versions: [
                version({ version: 1, state: 'live' }),
                version({ version: 2 }),
                version({ version: 3, state: 'rejected' }),
              ],
              transitions: [],
            },
          }
        : { status: 200, body: { versions: [] } },
    );
    expect(sent.map((s) => `${s.method} ${s.url}`)).toEqual([
      `GET ${LOCAL}catalog/items/trigger/t-1`,
      `POST ${LOCAL}catalog/items/trigger/t-1/versions/2/submit`,
    ]);
  });

  it.each<[string, string[], RegExp]>([
    ['a bad --as', ['--as', 'a b', 'list'], /--as: expected/],
    [
      'a role the command is not for',
      ['--as', 'a', '--role', 'privacy-officer', 'draft', 'x.json'],
      /for product-team/,
    ],
  ])('refuses %s before sending anything', async (_name, argv, message) => {
    const { code, sent, err } = await run(argv);
    expect(code).toBe(1);
    expect(err).toMatch(message);
    expect(sent).toEqual([]);
  });

  it('without --as, names the caller by the OS user name (as npm run audit does)', async () => {
    const { code, sent } = await withEnv({ USER: 'osuser', USERNAME: undefined, LOGNAME: undefined }, () =>
      run(['approve', 't-1', '--version', '1']),
    );
    expect(code).toBe(0);
    const user = sent[0]?.headers['x-local-caller'];
    expect(user).toMatch(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/);
    expect(user).toBe(userInfo().username || 'osuser');
  });
});

describe('against AWS (--api): SigV4, and --as refused', () => {
  const API = 'https://abc123defg.execute-api.eu-west-1.amazonaws.com/';

  it('signs each request for execute-api in the URL region, without local identity headers', async () => {
    const { code, sent } = await withEnv(
      {
        AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_SESSION_TOKEN: undefined,
        AWS_PROFILE: undefined,
      },
      () => run(['--api', API, 'approve', 't-1', '--version', '1']),
    );
    expect(code).toBe(0);
    const headers = sent[0]?.headers ?? {};
    expect(headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=.*host.*, Signature=[0-9a-f]{64}$/,
    );
    expect(Object.keys(headers).some((h) => h.startsWith('x-local-'))).toBe(false);
    expect(sent[0]?.url).toBe(`${API}catalog/items/trigger/t-1/versions/1/approve`);
  });

  it('refuses --as (and --role) with a clear message, sending nothing', async () => {
    const as = await run(['--api', API, '--as', 'olivia', 'approve', 't-1', '--version', '1']);
    expect(as.code).toBe(1);
    expect(as.err).toMatch(/--as is honoured only locally/);
    const role = await run(['--api', API, '--role', 'privacy-officer', 'list']);
    expect(role.err).toMatch(/--role is for local calls/);
    expect([...as.sent, ...role.sent]).toEqual([]);
  });
});

describe('answers', () => {
  it("a refusal prints the problem's detail and findings, and exits 1", async () => {
    const { code, err } = await run(['--as', 'alice', 'approve', 't-1', '--version', '3'], () => ({
      status: 403,
      body: {
        type: 'urn:offer-pipeline:problem:catalog-forbidden',
        title: 't',
        status: 403,
        detail: 'approver is the author of version 3',
        problems: ['one finding'],
      },
    }));
    expect(code).toBe(1);
    expect(err).toBe('error: HTTP 403: approver is the author of version 3\nerror:   - one finding');
  });

  it('lint prints each item ok or its findings, and exits 1 when any fails', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.json'), JSON.stringify({ id: 'a' }));
    const { code, out } = await run(['--as', 'alice', 'lint', join(dir, 'a.json')], () => ({
      status: 200,
      body: { ok: false, problems: ['condition: required'] },
    }));
    expect(code).toBe(1);
    expect(out).toContain('FAIL  trigger a');
    expect(out).toContain('  - condition: required');
  });

  it('export writes a catalog folder that import reads back item for item', async () => {
    const live = [
      version({ kind: 'offer', id: 'o-1', content: { offerId: 'o-1', text: 'x' }, state: 'live' }),
      version({ kind: 'region', id: 'r-1', content: { countries: ['NL'] }, state: 'live' }),
      version({ kind: 'product', id: 'p-1', content: { description: 'p' }, state: 'live' }),
      version({
        kind: 'trigger',
        id: 't-1',
        version: 4,
        content: { id: 't-1', offerId: 'o-1' },
        state: 'live',
      }),
    ];
    const dir = tempDir();
    const { code, out } = await run(['--as', 'alice', 'export', dir], () => ({
      status: 200,
      body: { revision: 'r-0011223344556677', versions: live },
    }));
    expect(code).toBe(0);
    expect(out).toMatch(/revision r-0011223344556677: 4 live item\(s\)/);
    expect(JSON.parse(readFileSync(join(dir, 'triggers', 't-1.json'), 'utf8'))).toEqual({
      id: 't-1',
      offerId: 'o-1',
      version: 4,
    });
    expect(readCatalogFolder(dir).map(({ kind, id, content }) => ({ kind, id, content }))).toEqual(
      live.map(({ kind, id, content }) => ({ kind, id, content })),
    );
    const imported = await run(['--as', 'alice', 'import', dir]);
    expect(imported.sent.map((s) => s.url)).toEqual([
      `${LOCAL}catalog/items/offer/o-1/versions`,
      `${LOCAL}catalog/items/region/r-1/versions`,
      `${LOCAL}catalog/items/product/p-1/versions`,
      `${LOCAL}catalog/items/trigger/t-1/versions`,
    ]);
  });
});
