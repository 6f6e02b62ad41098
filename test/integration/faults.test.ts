// Fault injection: a deploy killed at each stage, ten simultaneous pushes, a crash after the switch, a
// configuration nginx rejects. Each time the old release answers and `releases` tells the truth.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, readlinkSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { startStack, type AppCopy, type Ran, type Stack } from '../helpers/stack.js';

let stack: Stack;
before(async () => {
  stack = await startStack();
});
after(async () => {
  await stack.stop();
});

const server = (extra = ''): string =>
  [
    'import http.server, os, sys',
    'class H(http.server.BaseHTTPRequestHandler):',
    '    def do_GET(self):',
    "        if self.path == '/crash':",
    "            print('crashing on purpose', file=sys.stderr, flush=True)",
    '            os._exit(3)',
    "        body = f\"{os.environ['APP']} {open('VERSION').read().strip()}\\n\"",
    '        self.send_response(200); self.end_headers(); self.wfile.write(body.encode())',
    '    def log_message(self, *args): pass',
    extra,
    "http.server.ThreadingHTTPServer((os.environ['BIND_ADDRESS'], int(os.environ['PORT'])), H).serve_forever()",
    '',
  ].join('\n');

const app = (procfile: string, version = 'v1'): Record<string, string> => ({
  Procfile: procfile,
  VERSION: `${version}\n`,
  'server.py': server(),
});

/** Pids of live processes working in `dir` (a release directory). */
function processesIn(dir: string): number[] {
  return readdirSync('/proc')
    .filter((n) => /^\d+$/.test(n))
    .filter((n) => {
      try {
        const cwd = readlinkSync(`/proc/${n}/cwd`);
        const state = readFileSync(`/proc/${n}/stat`, 'utf8').split(') ')[1]?.[0];
        return (cwd === dir || cwd.startsWith(`${dir}/`)) && state !== 'Z';
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function releasesOf(
  name: string,
): Promise<{ number: number; status: string; error: string | null; stage: string | null }[]> {
  return JSON.parse((await stack.hop3(['releases', name, '--json'])).stdout) as {
    number: number;
    status: string;
    error: string | null;
    stage: string | null;
  }[];
}

async function until<T>(
  what: string,
  fn: () => Promise<T> | T,
  ok: (v: T) => boolean,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** The pid of the deploy holding the app's lock (from the lock's description). */
function deployPid(name: string): number | undefined {
  try {
    const m = /\(pid (\d+)\)/.exec(
      readFileSync(join(stack.home, 'locks', `${name}.lock.info`), 'utf8'),
    );
    return m?.[1] ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

describe('a deploy killed with SIGKILL', () => {
  const cases: { stage: string; files: Record<string, string> }[] = [
    { stage: 'build', files: { 'hop3.toml': '[build]\nbuild = "sleep 60"\n' } },
    { stage: 'release', files: { Procfile: 'web: python3 -u server.py\nrelease: sleep 60\n' } },
    { stage: 'healthcheck', files: { Procfile: 'web: sleep 60 && python3 -u server.py\n' } },
  ];
  for (const { stage, files } of cases) {
    it(`during ${stage}: the old release keeps serving, nothing is left running, the next push works`, async () => {
      const name = `kill-${stage}`;
      const copy = await stack.app(name, app('web: python3 -u server.py\n'));
      assert.equal((await copy.push()).code, 0);
      await copy.commit({ ...files, VERSION: 'v2\n' });
      const pushing = copy.push();
      const [latest] = await until(
        `the ${stage} stage`,
        () => releasesOf(name),
        (r) => r[0]?.number === 2 && r[0].stage === stage,
      );
      const pid = await until(
        'the deploy pid',
        () => deployPid(name),
        (p) => p !== undefined,
      );
      process.kill(pid ?? 0, 'SIGKILL');
      const push: Ran = await pushing;
      assert.notEqual(push.code, 0, 'git rejects the push');
      assert.match(
        (await stack.get(name)).body,
        new RegExp(`^${name} v1`),
        'the old release answers',
      );
      const dir = join(stack.home, 'apps', name, 'releases', String(latest?.number));
      await until(
        'the orphans to be gone',
        () => processesIn(dir),
        (p) => p.length === 0,
        15_000,
      );
      const [record] = await until(
        'the release to be marked failed',
        () => releasesOf(name),
        (r) => r[0]?.status === 'failed',
      );
      assert.match(record?.error ?? '', new RegExp(`interrupted during ${stage}`));
      const ps = JSON.parse((await stack.hop3(['ps', name, '--json'])).stdout) as {
        generation: number;
      }[];
      assert.equal(new Set(ps.map((i) => i.generation)).size, 1, 'only the live generation runs');
      await copy.commit({
        'hop3.toml': '',
        Procfile: 'web: python3 -u server.py\n',
        VERSION: 'v3\n',
      });
      const next = await copy.push();
      assert.equal(next.code, 0, next.stderr);
      assert.match((await stack.get(name)).body, new RegExp(`^${name} v3`));
    });
  }
});

describe('concurrent pushes', () => {
  it('of ten copies to one app: one deploys, nine fail fast, nothing is corrupted', async () => {
    const base = await stack.app('ten', app('prebuild: sleep 3\nweb: python3 -u server.py\n'));
    assert.equal((await base.push()).code, 0);
    const copies: AppCopy[] = [];
    for (let i = 0; i < 10; i++) copies.push(await stack.clone('ten', base));
    for (const [i, c] of copies.entries()) await c.commit({ VERSION: `from-${i}\n` });
    const started = Date.now();
    const results = await Promise.all(copies.map((c) => c.push()));
    const ok = results.filter((r) => r.code === 0);
    assert.equal(ok.length, 1, results.map((r) => r.stderr).join('\n---\n'));
    for (const r of results.filter((x) => x.code !== 0))
      assert.match(r.stderr, /ten is busy: a deploy of \w+ \(pid \d+\) is in progress/);
    assert.ok(Date.now() - started < 20_000);
    assert.match((await stack.get('ten')).body, /^ten from-\d/);
    const releases = await releasesOf('ten');
    assert.deepEqual(
      releases.map((r) => r.status),
      ['succeeded', 'succeeded'],
      'the refused pushes made no release',
    );
  });

  it('to different apps: they deploy in parallel', async () => {
    const names = ['par-a', 'par-b', 'par-c'];
    const copies = await Promise.all(
      names.map((n) => stack.app(n, app('prebuild: sleep 3\nweb: python3 -u server.py\n'))),
    );
    const started = Date.now();
    const results = await Promise.all(copies.map((c) => c.push()));
    for (const r of results) assert.equal(r.code, 0, r.stderr);
    assert.ok(
      Date.now() - started < 9000,
      `three 3-second deploys took ${Date.now() - started} ms: not in parallel`,
    );
    for (const n of names) assert.match((await stack.get(n)).body, new RegExp(`^${n} v1`));
  });
});

describe('a web process that crashes after the switch', () => {
  it('is restarted by the supervisor; ps counts it and logs say why', async () => {
    const copy = await stack.app('crashy', app('web: python3 -u server.py\n'));
    assert.equal((await copy.push()).code, 0);
    await stack.get('crashy', '/crash').catch(() => undefined);
    const ps = await until(
      'the restart',
      async () =>
        JSON.parse((await stack.hop3(['ps', 'crashy', '--json'])).stdout) as {
          state: string;
          restarts: number;
        }[],
      (p) => p[0]?.state === 'running' && p[0].restarts >= 1,
    );
    assert.equal(ps[0]?.restarts, 1);
    assert.match(
      (
        await until(
          'the app',
          () => stack.get('crashy'),
          (a) => a.status === 200,
        )
      ).body,
      /^crashy v1/,
    );
    assert.match((await stack.hop3(['logs', 'crashy'])).stdout, /web\.1 \| crashing on purpose/);
  });
});

describe('a configuration nginx rejects', () => {
  it('never reaches the running nginx: the app keeps its old release and other apps keep serving', async () => {
    const a = await stack.app('nga', app('web: python3 -u server.py\n'));
    const b = await stack.app('ngb', app('web: python3 -u server.py\n'));
    assert.equal((await a.push()).code, 0);
    assert.equal((await b.push()).code, 0);
    const intruder = join(stack.home, 'nginx', 'zz-intruder.conf');
    writeFileSync(intruder, 'upstream hop3-ngb { server 127.0.0.1:9; }\n');
    try {
      await b.commit({ VERSION: 'v2\n' });
      const push = await b.push();
      assert.notEqual(push.code, 0);
      assert.match(push.stderr, /duplicate upstream "hop3-ngb"/);
      assert.match((await stack.get('ngb')).body, /^ngb v1/);
      assert.match((await stack.get('nga')).body, /^nga v1/);
      assert.equal((await releasesOf('ngb'))[0]?.status, 'failed');
    } finally {
      rmSync(intruder, { force: true });
    }
  });
});
