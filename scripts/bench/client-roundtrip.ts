// Benchmark: the local client's round trip (`hop3 config:get` run in an app checkout) with and without
// ssh connection sharing, next to a bare `ssh hop3@host config:get`. Prints figures; asserts nothing.
// Run through scripts/bench/client-roundtrip (root, bootstrapped host). BENCH_REMOTE and
// BENCH_SSH_COMMAND aim it at another server (any remote URL and GIT_SSH_COMMAND).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseRemoteUrl } from '../../lib/cli/client/remote-url.js';
import { appName, destroy, GIT_SSH_COMMAND, HOST, sh, ssh } from '../../test/e2e/helpers.js';

const RUNS = Number(process.env.BENCH_ROUND_TRIPS ?? 20);
const HOP3 = resolve(import.meta.dirname, '..', '..', 'bin', 'hop3');

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};
const ms = (xs: number[]): string =>
  `median ${Math.round(median(xs))} ms   min ${Math.round(Math.min(...xs))} ms   (${xs.length} runs)`;

/** Times `runs` calls of `fn`, failing on a non-zero exit. */
async function time(
  runs: number,
  fn: () => Promise<{ code: number; stderr: string }>,
): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const r = await fn();
    out.push(performance.now() - start);
    if (r.code !== 0) throw new Error(`command failed (${r.code}): ${r.stderr}`);
  }
  return out;
}

async function main(): Promise<void> {
  const own = process.env.BENCH_REMOTE === undefined;
  const app = appName('benchclient');
  const remote = process.env.BENCH_REMOTE ?? `hop3@${HOST}:${app}`;
  const sshCommand = process.env.BENCH_SSH_COMMAND ?? GIT_SSH_COMMAND;
  const dir = mkdtempSync(join(tmpdir(), 'hop3-bench-client-'));
  const runtime = mkdtempSync(join(tmpdir(), 'hop3-bench-run-'));
  const env = {
    HOP3_CLIENT: 'remote',
    GIT_SSH_COMMAND: sshCommand,
    XDG_RUNTIME_DIR: runtime,
    HOP3_HOME: '',
  };
  const client =
    (extra: Record<string, string> = {}) =>
    () =>
      sh('node', [HOP3, 'config:get', 'GREETING'], { cwd: dir, env: { ...env, ...extra } });
  try {
    await sh('git', ['init', '-q', dir]);
    await sh('git', ['remote', 'add', 'hop3', remote], { cwd: dir });
    if (own) {
      await ssh(['apps:create', app]);
      await ssh(['config:set', app, 'GREETING=hello', '--no-restart']);
    }
    const unshared = await time(RUNS, client({ HOP3_SSH_SHARING: '0' }));
    const first = await time(1, client());
    const shared = await time(RUNS, client());
    const bare = own ? await time(RUNS, () => ssh(['config:get', app, 'GREETING'])) : [];
    console.log('hop3 client round trip: hop3 config:get GREETING, run in an app checkout');
    console.log(`without sharing (HOP3_SSH_SHARING=0):  ${ms(unshared)}`);
    console.log(`first with sharing (opens the master): ${Math.round(first[0] ?? 0)} ms`);
    console.log(`with sharing (reuses the master):      ${ms(shared)}`);
    if (own)
      console.log(
        `bare ssh hop3@host config:get:          ${ms(bare)}   (no client: ssh + server only)`,
      );
  } finally {
    // Close the master now rather than after ControlPersist's 60 s.
    const t = parseRemoteUrl(remote);
    const port = t.port === undefined ? [] : ['-p', String(t.port)];
    await sh('ssh', [
      '-o',
      `ControlPath=${join(runtime, 'hop3-ssh', '%C')}`,
      ...port,
      '-O',
      'exit',
      `${t.user === undefined ? '' : `${t.user}@`}${t.host}`,
    ]);
    rmSync(dir, { recursive: true, force: true });
    rmSync(runtime, { recursive: true, force: true });
    if (own) await destroy(app);
  }
}

await main();
