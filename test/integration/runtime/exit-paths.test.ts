import { type ChildProcess, execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnLocalCli } from '#test/integration/support/cli.js';
import { sleep } from '#test/integration/support/wait.js';

/**
 * `npm start` as an operator runs it, ended in the ways that used to leave DynamoDB Local's JVM behind:
 * the JVM dying under the default in-memory runtime, and the CLI itself killed with SIGKILL (no handler of
 * its own runs then).
 */

/** Pids of DynamoDB Local JVMs listening on `port` (ps works on Linux and macOS). */
function jvmsOnPort(port: string): number[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => line.includes('DynamoDBLocal.jar') && new RegExp(`-port ${port}(\\s|$)`).test(line))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

interface Started {
  child: ChildProcess;
  port: string;
  output: () => { stdout: string; stderr: string };
  exited: Promise<number | null>;
}

async function startCli(): Promise<Started> {
  // Its own process group, as in a terminal: a Ctrl-C reaches tsx and the node process it runs.
  const child = spawnLocalCli(['start', '--no-demo']);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  const deadline = Date.now() + 90_000;
  while (!stdout.includes('Serving until Ctrl-C')) {
    if (Date.now() > deadline) throw new Error(`npm start did not come up:\n${stdout}\n${stderr}`);
    await sleep(200);
  }
  const port = /DynamoDB Local: http:\/\/127\.0\.0\.1:(\d+)/.exec(stdout)?.[1];
  if (!port) throw new Error(`no DynamoDB Local port in:\n${stdout}`);
  return { child, port, output: () => ({ stdout, stderr }), exited };
}

/** What a terminal does: the signal goes to every process of the foreground group (tsx and node). */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) throw new Error('no pid');
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is gone already.
  }
}

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await sleep(250);
  }
  return check();
}

describe('npm start exit paths', () => {
  const started: Started[] = [];
  afterEach(() => {
    // Whatever a failed assertion left running, by pid only.
    for (const s of started.splice(0)) {
      if (s.child.exitCode === null && s.child.pid !== undefined) signalGroup(s.child, 'SIGKILL');
      for (const pid of jvmsOnPort(s.port)) process.kill(pid, 'SIGKILL');
    }
  });

  it('in memory mode, the death of DynamoDB Local ends npm start with a clear message, exit 1 and no JVM', async () => {
    const run = await startCli();
    started.push(run);
    const [jvm] = jvmsOnPort(run.port);
    expect(jvm).toBeDefined();
    process.kill(jvm as number, 'SIGKILL');
    const code = await Promise.race([run.exited, sleep(60_000).then(() => 'timeout' as const)]);
    expect(code).toBe(1);
    const { stderr } = run.output();
    expect(stderr).toContain('DynamoDB Local exited unexpectedly');
    expect(stderr).toContain('every table and every record of this run is gone');
    expect(stderr).toContain('--data-dir');
    expect(jvmsOnPort(run.port)).toEqual([]);
  }, 180_000);

  it('a SIGKILLed npm start leaves no JVM behind (the watchdog stops it)', async () => {
    const run = await startCli();
    started.push(run);
    expect(jvmsOnPort(run.port)).toHaveLength(1);
    signalGroup(run.child, 'SIGKILL');
    await run.exited;
    expect(await waitUntil(() => jvmsOnPort(run.port).length === 0, 20_000)).toBe(true);
  }, 180_000);

  it('Ctrl-C (SIGINT) stops npm start, and no JVM is left', async () => {
    const run = await startCli();
    started.push(run);
    signalGroup(run.child, 'SIGINT');
    const code = await run.exited;
    // tsx (which `npm start` runs) waits only 30 ms for its child to acknowledge a relayed signal and
    // SIGKILLs a busy one (exit 130); the stop in order is then cut short, and the watchdog takes the JVM.
    if (code === 0) expect(run.output().stdout).toMatch(/SIGINT: stopping the local runtime[\s\S]*Stopped\./);
    else expect(code).toBe(130);
    expect(await waitUntil(() => jvmsOnPort(run.port).length === 0, 20_000)).toBe(true);
  }, 180_000);
});
