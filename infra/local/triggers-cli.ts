#!/usr/bin/env node
import './node-notice.js';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command, InvalidArgumentError, Option } from 'commander';
import { CatalogInvalidError } from '#core/catalog/catalog.js';
import {
  ITEM_KINDS,
  type ItemHistory,
  type ItemKind,
  type ItemVersion,
  ROLES,
  type Role,
} from '#core/governance/model.js';
import { ConfigurationError } from '#shared/errors.js';
import { LocalRuntimeError } from './errors.js';
import { runSimulate, type SimulateOptions } from './simulate.js';
import type { CatalogClient } from './triggers-client.js';
import { ask, clientFor, type Globals, StepFailedError, type TriggersIo } from './triggers-connect.js';
import { readItems, writeCatalogFolder } from './triggers-folder.js';
import { transitionsTable, versionsTable } from './triggers-output.js';

export { StepFailedError, type TriggersIo } from './triggers-connect.js';

/**
 * `npm run triggers -- <command>`: the governed catalog's lifecycle (issue 12) as an HTTP client of the
 * catalog API: locally the running `npm start` (`--as <name>` names you, the role follows the command),
 * against AWS `--api <url>` with SigV4 and the standard credentials (your identity and role are the caller
 * role you assumed; `--as` is refused there).
 */

const versionNumber = (value: string): number => {
  if (!/^[1-9][0-9]{0,8}$/.test(value))
    throw new InvalidArgumentError('expected a version number: 1, 2, 3, ...');
  return Number(value);
};
const isoTime = (value: string): string => {
  if (
    !/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(value) ||
    Number.isNaN(Date.parse(value))
  )
    throw new InvalidArgumentError('expected an ISO 8601 time with offset, e.g. 2026-08-01T09:00:00+02:00');
  return value;
};
const collect = (value: string, previous: string[] = []) => [...previous, value];
const itemPath = (kind: ItemKind, id: string) => `/catalog/items/${kind}/${encodeURIComponent(id)}`;

/** The newest version of an item in a state, for `submit <id>` without --version. */
async function newestIn(
  client: CatalogClient,
  kind: ItemKind,
  id: string,
  state: ItemVersion['state'],
  role: Role,
) {
  const history = (await ask(client, 'GET', itemPath(kind, id), role)) as ItemHistory;
  const version = [...history.versions].reverse().find((v) => v.state === state);
  if (version === undefined) throw new StepFailedError([`${kind} ${id} has no version in state ${state}`]);
  return version.version;
}

function stepLine(body: unknown): string {
  const answer = body as { kind?: string; id?: string; versions?: ItemVersion[] };
  return (
    (answer.versions ?? []).map((v) => `${v.kind} ${v.id} version ${v.version}: ${v.state}`).join('\n') ||
    'done'
  );
}

export function buildTriggersProgram(io: TriggersIo): Command {
  const program = new Command()
    .name('npm run triggers --')
    .description(
      'The governed catalog: draft, submit, approve or reject, activate, retire, import and export',
    )
    .option('--api <url>', 'the HTTP API in AWS (stack output HttpApiUrl); requests signed with SigV4')
    .option(
      '--as <name>',
      'locally: who you are (recorded as local:<name>; default: your OS user name); refused against AWS',
    )
    .addOption(
      new Option('--role <role>', 'locally: your role for activate, retire, reads, lint and export').choices(
        ROLES,
      ),
    )
    .addOption(new Option('--kind <kind>', 'the kind of item').choices(ITEM_KINDS).default('trigger'));
  const globals = () => program.opts<Globals & { kind: ItemKind }>();
  const client = () => clientFor(globals(), io);
  /** The role of a command open to both roles: --role, product-team by default. */
  const either = (): Role => globals().role ?? 'product-team';
  const fixed = (role: Role): Role => {
    const chosen = globals().role;
    if (chosen !== undefined && chosen !== role)
      throw new LocalRuntimeError(`this command is for ${role}; leave out --role ${chosen}`);
    return role;
  };

  program
    .command('list')
    .description('every version of every item (of --kind when given explicitly)')
    .action(async () => {
      const kind = program.getOptionValueSource('kind') === 'default' ? undefined : globals().kind;
      const body = (await ask(client(), 'GET', `/catalog/items${kind ? `?kind=${kind}` : ''}`, either())) as {
        versions: ItemVersion[];
      };
      io.out(versionsTable(body.versions));
    });
  program
    .command('show <id>')
    .description('an item: its versions (or one with --version, with its content and transitions)')
    .option('--version <n>', 'one version', versionNumber)
    .action(async (id: string, options: { version?: number }) => {
      const history = (await ask(client(), 'GET', itemPath(globals().kind, id), either())) as ItemHistory;
      if (options.version === undefined) return io.out(versionsTable(history.versions));
      const version = history.versions.find((v) => v.version === options.version);
      if (version === undefined)
        throw new StepFailedError([`${history.kind} ${id} has no version ${options.version}`]);
      io.out(versionsTable([version]));
      io.out(JSON.stringify(version.content, null, 2));
      io.out(transitionsTable(history.transitions.filter((t) => t.version === options.version)));
    });
  program
    .command('history <id>')
    .description('every transition of an item: who, when, from which state to which')
    .action(async (id: string) => {
      const history = (await ask(client(), 'GET', itemPath(globals().kind, id), either())) as ItemHistory;
      io.out(transitionsTable(history.transitions));
    });
  program
    .command('lint <path>')
    .description('validate and lint a trigger file, or every item of a catalog folder; stores nothing')
    .action(async (path: string) => {
      const c = client();
      let failed = 0;
      for (const item of readItems(path)) {
        const { kind, id, content } = item;
        const body = (await ask(c, 'POST', '/catalog/lint', either(), { kind, id, content })) as {
          problems: string[];
        };
        if (body.problems.length === 0) io.out(`ok    ${item.kind} ${item.id}`);
        else {
          failed++;
          io.out(`FAIL  ${item.kind} ${item.id} (${item.file})`);
          for (const problem of body.problems) io.out(`  - ${problem}`);
        }
      }
      if (failed > 0) throw new StepFailedError([`${failed} item(s) do not pass validation and lint`]);
    });
  const draftAll = async (path: string) => {
    const role = fixed('product-team');
    const c = client();
    for (const item of readItems(path)) {
      const body = await ask(c, 'POST', `${itemPath(item.kind, item.id)}/versions`, role, {
        content: item.content,
        comment: `drafted from ${item.file}`,
      });
      io.out(stepLine(body));
    }
  };
  program.command('draft <file>').description('draft a new version from a trigger file').action(draftAll);
  program
    .command('import <dir>')
    .description('draft a new version of every item of a catalog folder (each still needs approval)')
    .action(draftAll);
  program
    .command('export <dir>')
    .description('write the live catalog as a catalog folder')
    .action(async (dir: string) => {
      const live = (await ask(client(), 'GET', '/catalog/live', either())) as {
        revision: string;
        versions: ItemVersion[];
      };
      const files = writeCatalogFolder(dir, live);
      io.out(
        `catalog revision ${live.revision}: ${live.versions.length} live item(s), ${files.length} file(s) in ${dir}`,
      );
    });
  program
    .command('submit <id>')
    .description('submit a draft for review (the newest draft unless --version)')
    .option('--version <n>', 'the version', versionNumber)
    .option('--comment <text>')
    .action(async (id: string, options: { version?: number; comment?: string }) => {
      const c = client();
      const role = fixed('product-team');
      const { kind } = globals();
      const version = options.version ?? (await newestIn(c, kind, id, 'draft', role));
      const body = options.comment === undefined ? undefined : { comment: options.comment };
      io.out(stepLine(await ask(c, 'POST', `${itemPath(kind, id)}/versions/${version}/submit`, role, body)));
    });
  const versionStep = (name: 'approve' | 'reject' | 'activate') =>
    program.command(`${name} <id>`).requiredOption('--version <n>', 'the version', versionNumber);
  versionStep('approve')
    .description('approve a version in review (privacy officers; never its author or an editor)')
    .option('--comment <text>')
    .action(async (id: string, options: { version: number; comment?: string }) => {
      const path = `${itemPath(globals().kind, id)}/versions/${options.version}/approve`;
      const body = options.comment === undefined ? undefined : { comment: options.comment };
      io.out(stepLine(await ask(client(), 'POST', path, fixed('privacy-officer'), body)));
    });
  versionStep('reject')
    .description('reject a version in review, with reasons (privacy officers)')
    .requiredOption('--reason <text>', 'why (repeat for several)', collect)
    .action(async (id: string, options: { version: number; reason: string[] }) => {
      const path = `${itemPath(globals().kind, id)}/versions/${options.version}/reject`;
      io.out(
        stepLine(await ask(client(), 'POST', path, fixed('privacy-officer'), { reasons: options.reason })),
      );
    });
  versionStep('activate')
    .description('put an approved version live, now or --at a time')
    .option('--at <iso>', 'when it goes live (ISO 8601 with offset)', isoTime)
    .action(async (id: string, options: { version: number; at?: string }) => {
      const path = `${itemPath(globals().kind, id)}/versions/${options.version}/activate`;
      const body = options.at === undefined ? undefined : { at: options.at };
      io.out(stepLine(await ask(client(), 'POST', path, either(), body)));
    });
  program
    .command('retire <id>')
    .description('retire the live version of an item, now')
    .action(async (id: string) => {
      io.out(stepLine(await ask(client(), 'POST', `${itemPath(globals().kind, id)}/retire`, either())));
    });
  program
    .command('simulate <target>')
    .description(
      'decide --events in memory with the live catalog and with a candidate (a trigger id, a draft trigger file ' +
        'or a whole catalog folder): per trigger the funnel of both and the change, the overlap between ' +
        'triggers; writes nothing anywhere',
    )
    .requiredOption('--events <file>', 'payment events, one PaymentEvent v1 per line')
    .option('--fixtures <file>', 'customer fixtures (contracts.md); without them every customer is unknown')
    .option('--diff <file>', 'write one JSONL line per event whose decisions change')
    .option('--version <n>', "with a trigger id: that version (default: the item's newest)", versionNumber)
    .option('--live <dir>', 'use this catalog folder as the live catalog instead of the running pipeline')
    .option(
      '--skip-invalid',
      'leave invalid event lines out (counted) instead of refusing the file; the pipeline rejects them before any trigger sees them',
    )
    .action(async (target: string, options: SimulateOptions) => {
      const api = (path: string) => ask(client(), 'GET', path, either());
      await runSimulate(target, options, { api, fallback: globals().api === undefined }, io.out);
    });
  return program;
}

/** Runs the program; faults a person can act on become lines on stderr and exit code 1. */
export async function main(
  argv: readonly string[],
  io: TriggersIo,
  err: (line: string) => void,
): Promise<number> {
  try {
    await buildTriggersProgram(io).parseAsync([...argv]);
    return 0;
  } catch (error) {
    if (error instanceof StepFailedError) for (const line of error.lines) err(`error: ${line}`);
    else if (
      error instanceof LocalRuntimeError ||
      error instanceof CatalogInvalidError ||
      error instanceof ConfigurationError
    )
      err(`error: ${error.message}`);
    else throw error;
    return 1;
  }
}

// Run when executed (npm run triggers); importing the module (tests) runs nothing.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await main(
    process.argv,
    { fetch: (url, init) => fetch(url, init), out: (line) => console.log(line) },
    (line) => console.error(line),
  );
}
