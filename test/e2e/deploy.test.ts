// Sample apps pushed over real ssh, served through the real nginx, managed with ssh commands.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { spawn } from 'node:child_process';
import {
  appName,
  destroy,
  get,
  HOST,
  hostOf,
  requireE2eEnvironment,
  sh,
  SSH_KEY,
  ssh,
  workingCopy,
  type WorkingCopy,
} from './helpers.js';

before(requireE2eEnvironment);

/** Waits until `check` passes or `ms` elapse (for processes that start asynchronously). */
async function eventually<T>(
  fn: () => Promise<T>,
  check: (value: T) => boolean,
  ms = 10_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (check(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

const samples: { fixture: string; expect: RegExp; path?: string }[] = [
  { fixture: 'node-express', expect: /node-express: hello v1/ },
  { fixture: 'python-wsgi', expect: /python-wsgi: hello v1/ },
  { fixture: 'python-web', expect: /python-web: hello v1/ },
  { fixture: 'static-site', expect: /static-site/ },
  { fixture: 'procfile-worker', expect: /procfile-worker: hello v1/ },
];

describe('each sample app deploys and answers through nginx', () => {
  for (const sample of samples) {
    it(sample.fixture, async () => {
      const app = appName(sample.fixture.replace(/[^a-z0-9]/g, ''));
      const wc = await workingCopy(sample.fixture, app);
      try {
        const push = await wc.push();
        assert.equal(push.code, 0, push.stderr);
        assert.match(push.stderr, /-----> Deployed/);
        const answer = await get(hostOf(app), sample.path ?? '/');
        assert.equal(answer.status, 200, answer.body);
        assert.match(answer.body, sample.expect);
      } finally {
        wc.cleanup();
        await destroy(app);
      }
    });
  }
});

describe('an app through its life: config, redeploy, inspect, destroy', () => {
  const app = appName('life');
  let wc: WorkingCopy;
  before(async () => {
    wc = await workingCopy('node-express', app);
  });
  after(async () => {
    wc.cleanup();
    await destroy(app);
  });

  it('deploys v1', async () => {
    const push = await wc.push();
    assert.equal(push.code, 0, push.stderr);
    assert.match(push.stderr, /Node\.js app detected \(package\.json\)/);
    assert.match((await get(hostOf(app))).body, /hello v1/);
  });

  it('config:set changes what the app prints, without a rebuild', async () => {
    const set = await ssh(['config:set', app, 'GREETING=bonjour']);
    assert.equal(set.code, 0, set.stderr);
    assert.doesNotMatch(set.stdout, /npm|Installing|detected/);
    assert.match((await get(hostOf(app))).body, /bonjour v1/);
    assert.equal((await ssh(['config:get', app, 'GREETING'])).stdout, 'bonjour\n');
  });

  it('a second push of a changed app serves the new version', async () => {
    await wc.commit({ VERSION: 'v2\n' });
    const push = await wc.push();
    assert.equal(push.code, 0, push.stderr);
    assert.match((await get(hostOf(app))).body, /bonjour v2/);
  });

  it('lists the app, its releases, processes and logs', async () => {
    const apps = await ssh(['apps']);
    assert.match(apps.stdout, new RegExp(`^${app}\\s+v3\\s+running`, 'm'));
    const releases = await ssh(['releases', app]);
    assert.match(releases.stdout, /^v3\*\s+succeeded/m);
    assert.match(releases.stdout, /^v2\s+succeeded.*Set GREETING/m);
    assert.match(releases.stdout, /^v1\s+succeeded.*Deploy /m);
    const ps = await eventually(
      () => ssh(['ps', app]),
      (r) => /web\.1\s+running/.test(r.stdout),
    );
    assert.match(ps.stdout, /web\.1\s+running\s+\d+/);
    const logs = await eventually(
      () => ssh(['logs', app, '-n', '20']),
      (r) => /web\.1 \|/.test(r.stdout),
    );
    assert.match(logs.stdout, /web\.1 \| /);
  });

  it('logs -t follows new lines and stops when the ssh client goes away', async () => {
    const serverSide = async (): Promise<number> =>
      (await sh('pgrep', ['-u', 'hop3', '-f', 'ssh-command'])).stdout.split('\n').filter(Boolean)
        .length;
    const before = await serverSide();
    const child = spawn('ssh', [
      '-i',
      SSH_KEY,
      '-o',
      'StrictHostKeyChecking=no',
      '-o',
      'UserKnownHostsFile=/dev/null',
      '-o',
      'LogLevel=ERROR',
      `hop3@${HOST}`,
      `logs ${app} -t -n 0`,
    ]);
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal((await ssh(['restart', app])).code, 0, 'a restart writes new lines to web.1.log');
    await eventually(
      () => Promise.resolve(out),
      (o) => /web\.1 \| .*listening/.test(o),
      8000,
    );
    child.kill('SIGTERM');
    await new Promise((r) => child.on('close', r));
    assert.match(out, /web\.1 \| .*listening/, 'the new process line was followed');
    const after = await eventually(serverSide, (n) => n <= before, 5000);
    assert.ok(after <= before, 'the server-side logs process ended with the connection');
  });

  it('restart keeps serving the same release', async () => {
    const r = await ssh(['restart', app]);
    assert.equal(r.code, 0, r.stderr);
    assert.match((await get(hostOf(app))).body, /bonjour v2/);
  });

  it('config:unset restores the default', async () => {
    const r = await ssh(['config:unset', app, 'GREETING']);
    assert.equal(r.code, 0, r.stderr);
    assert.match((await get(hostOf(app))).body, /hello v2/);
  });

  it('apps:destroy makes the host stop serving the app', async () => {
    const refused = await ssh(['apps:destroy', app]);
    assert.notEqual(refused.code, 0);
    assert.match((await get(hostOf(app))).body, /hello v2/);
    const r = await ssh(['apps:destroy', app, '--confirm', app]);
    assert.equal(r.code, 0, r.stderr);
    const after = await get(hostOf(app));
    assert.doesNotMatch(after.body, /hello v2/);
    assert.doesNotMatch((await ssh(['apps'])).stdout, new RegExp(`^${app} `, 'm'));
  });
});

describe('a worker process runs beside web', () => {
  it('writes its heartbeat into DATA_DIR, which web reads', async () => {
    const app = appName('worker');
    const wc = await workingCopy('procfile-worker', app);
    try {
      assert.equal((await wc.push()).code, 0);
      const answer = await eventually(
        () => get(hostOf(app)),
        (a) => /heartbeat[^\d]*[1-9]/.test(a.body),
        8000,
      );
      assert.match(answer.body, /heartbeat[^\d]*[1-9]/);
      const ps = await ssh(['ps', app]);
      assert.match(ps.stdout, /worker\.1\s+running/);
    } finally {
      wc.cleanup();
      await destroy(app);
    }
  });
});
