import { Command } from 'commander';
import { registerAccessLog } from './access-log.js';
import { registerErase } from './erase.js';
import { registerExplain } from './explain.js';
import { registerHistory } from './history.js';
import { registerSuppressed } from './suppressed.js';

/** The `npm run audit` program: global options here, each command in its own file. */
export function buildProgram(): Command {
  const program = new Command()
    .name('npm run audit --')
    .description(
      "Privacy officers' audit of the local pipeline: suppressed offers, a customer's history, one decision " +
        'explained, erasure, and the access log itself. Every query is recorded in the audit access log as ' +
        'local:<your OS user>.',
    )
    .option(
      '--data-dir <dir>',
      'read the folder `npm start -- --data-dir <dir>` persisted (default: the running npm start)',
    )
    .addHelpText(
      'after',
      '\nWhere the data is: with --data-dir, that folder (through its npm start if it is still running, else a\n' +
        'DynamoDB Local started for this command only); without it, the running `npm start` on this machine,\n' +
        'found through .local/runtime.json (written when it is ready: its DynamoDB endpoint and process id; a\n' +
        'file whose process has ended is ignored). With neither, the command says so and exits with code 1.',
    );

  registerSuppressed(program);
  registerHistory(program);
  registerExplain(program);
  registerErase(program);
  registerAccessLog(program);
  return program;
}
