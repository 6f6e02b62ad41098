// doctor on the real host: a healthy host passes (over ssh and locally); the disk threshold and a stopped nginx
// are named with their fix, and the fix given for nginx (hop3 boot) brings the host back. Restores nginx whatever happens.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { doctorShape, type DoctorReport } from '../../lib/cli/json-shapes.js';
import {
  appName,
  destroy,
  get,
  hostOf,
  requireE2eEnvironment,
  sh,
  ssh,
  workingCopy,
} from './helpers.js';

before(requireE2eEnvironment);

const app = appName('doctor');
after(async () => {
  await destroy(app);
});

async function doctor(args: string[] = []): Promise<{ code: number; report: DoctorReport }> {
  const r = await ssh(['doctor', '--json', ...args]);
  const parsed = doctorShape.safeParse(JSON.parse(r.stdout));
  assert.ok(parsed.success, `${r.stdout}\n${r.stderr}`);
  return { code: r.code, report: parsed.data };
}

const failed = (report: DoctorReport): string[] =>
  report.checks.filter((c) => !c.ok).map((c) => `${c.check}: ${c.detail}`);

/** Failed checks about the host and this test's app: apps other tests (or earlier runs) left on the host are theirs. */
const ours = (report: DoctorReport): string[] =>
  failed(report).filter((f) => !f.startsWith('app ') || f.startsWith(`app ${app} `));

/** Exit 0 and ok exactly when every check passed, whoever's they are. */
function assertVerdict(code: number, report: DoctorReport): void {
  const all = report.checks.every((c) => c.ok);
  assert.equal(report.ok, all);
  assert.equal(code, all ? 0 : 1, failed(report).join('\n'));
}

/** Starts the system nginx again if it is down, and waits until the app answers through it. */
async function ensureNginx(): Promise<void> {
  for (let i = 0; i < 50; i += 1) {
    if ((await get(hostOf(app)).catch(() => undefined))?.status === 200) return;
    if (i % 10 === 0) await sh('/usr/sbin/nginx', []);
    await sleep(200);
  }
}

describe('doctor', () => {
  it('passes on a healthy host with an app deployed, over ssh and locally', async () => {
    const wc = await workingCopy('python-web', app);
    try {
      const push = await wc.push();
      assert.equal(push.code, 0, push.stderr);
    } finally {
      wc.cleanup();
    }
    const { code, report } = await doctor();
    assert.deepEqual(ours(report), []);
    assertVerdict(code, report);
    for (const name of [
      'settings.json',
      'state database',
      'free space',
      'nginx',
      'hop3-emperor',
      'hop3-git-http',
      `app ${app} processes`,
      `app ${app} http`,
    ]) {
      assert.ok(
        report.checks.some((c) => c.check === name),
        `no "${name}" check`,
      );
    }
    const local = await sh('hop3', ['doctor']);
    assert.equal(local.code, code, local.stdout + local.stderr);
    if (report.ok) {
      assert.match(local.stdout, /^all \d+ checks passed$/m);
      assert.doesNotMatch(local.stdout, /^FAIL/m);
    }
  });

  it('names the disk check below --min-free-mb and exits 1', async () => {
    const { code, report } = await doctor(['--min-free-mb', '999999999']);
    assert.equal(code, 1);
    assert.deepEqual(
      ours(report).map((f) => f.split(':')[0]),
      ['free space'],
    );
    const text = await ssh(['doctor', '--min-free-mb', '999999999']);
    assert.match(text.stdout, /^FAIL {2}disk {6}free space: .*-> fix: free some space/m);
  });

  it('with nginx stopped, names nginx and the app it no longer serves; hop3 boot (its fix) brings it back', async () => {
    try {
      const stop = await sh('/usr/sbin/nginx', ['-s', 'stop']);
      assert.equal(stop.code, 0, stop.stderr);
      await sleep(1000);
      const { code, report } = await doctor();
      assert.equal(code, 1);
      const nginx = report.checks.find((c) => c.check === 'nginx');
      assert.equal(nginx?.ok, false);
      assert.equal(nginx.fix, 'start it as root: hop3 boot');
      assert.equal(report.checks.find((c) => c.check === `app ${app} http`)?.ok, false);
      const boot = await sh('hop3', ['boot']);
      assert.equal(boot.code, 0, `${boot.stdout}\n${boot.stderr}`);
      await ensureNginx();
      const again = await doctor();
      assert.deepEqual(ours(again.report), []);
      assertVerdict(again.code, again.report);
    } finally {
      await ensureNginx();
    }
  });
});
