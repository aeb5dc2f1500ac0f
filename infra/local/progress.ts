import cliProgress from 'cli-progress';
import type { ReplayProgress } from './replay.js';

/** A progress bar on a terminal; one line per phase elsewhere (CI logs stay readable). */
export function replayProgress(stream: NodeJS.WriteStream = process.stderr): ReplayProgress {
  if (!stream.isTTY) {
    let label = '';
    return {
      phase: (name, total) => {
        label = name;
        stream.write(`${name} ${total} messages...\n`);
      },
      update: () => undefined,
      finish: () => stream.write(`${label}: done\n`),
    };
  }
  let bar: cliProgress.SingleBar | undefined;
  return {
    phase: (name, total) => {
      bar = new cliProgress.SingleBar(
        {
          format: `${name.padEnd(8)} [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left`,
          stream,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0);
    },
    update: (done) => bar?.update(done),
    finish: () => bar?.stop(),
  };
}
