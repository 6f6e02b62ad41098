// One unix identity per app: two probe apps, each trying to read the other's environ and files and hop3's
// state, and to write where root or hop3 later read config or code. Every attempt must be denied, and each
// app's processes must run under its own uid.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { appUserName } from '../../lib/domain/app-user.js';
import {
  appName,
  destroy,
  get,
  hostOf,
  requireE2eEnvironment,
  sh,
  workingCopy,
  type WorkingCopy,
} from './helpers.js';

before(requireE2eEnvironment);

const HOME = process.env.HOP3_HOME ?? '/home/hop3';

interface Probe {
  app: string;
  wc: WorkingCopy;
  uid: number;
  pid: number;
}

/** The uid owning a pid, from /proc (the test runs as root on the host). */
function uidOf(pid: number): number {
  const line = /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(line?.[1]);
}

function userUid(name: string): number | undefined {
  const entry = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  return entry === undefined ? undefined : Number(entry.split(':')[2]);
}

describe('apps run as their own users and cannot reach each other or hop3', () => {
  const probes: Probe[] = [];

  before(async () => {
    for (const base of ['probea', 'probeb']) {
      const app = appName(base);
      const wc = await workingCopy('python-isolation-probe', app);
      const push = await wc.push();
      assert.equal(push.code, 0, push.stderr);
      const who = JSON.parse((await get(hostOf(app))).body) as {
        uid: number;
        pid: number;
        app: string;
      };
      probes.push({ app, wc, uid: who.uid, pid: who.pid });
    }
  });

  after(async () => {
    for (const p of probes) {
      p.wc.cleanup();
      await destroy(p.app);
    }
  });

  it('runs each app as hop3-<app>, never as hop3 or root, and ps agrees', async () => {
    const hop3 = userUid('hop3');
    const [a, b] = probes;
    assert.ok(a && b);
    assert.notEqual(a.uid, b.uid);
    for (const p of probes) {
      assert.equal(p.uid, userUid(appUserName(p.app)), `${p.app} runs as its own user`);
      assert.notEqual(p.uid, hop3);
      assert.notEqual(p.uid, 0);
      assert.equal(uidOf(p.pid), p.uid);
      const ps = await sh('ps', ['-o', 'pid=', '-u', String(p.uid)]);
      assert.ok(
        ps.stdout.trim().split(/\s+/).map(Number).includes(p.pid),
        `ps shows ${p.app}'s web process under its uid`,
      );
    }
  });

  it('denies every attempt on the other app, hop3 state and config directories', async () => {
    const [a, b] = probes;
    assert.ok(a && b);
    for (const [attacker, victim] of [
      [a, b],
      [b, a],
    ] as const) {
      const q = `/probe?victim_pid=${victim.pid}&victim_dir=${encodeURIComponent(`${HOME}/apps/${victim.app}`)}`;
      const answer = await get(hostOf(attacker.app), q);
      assert.equal(answer.status, 200, answer.body);
      const result = JSON.parse(answer.body) as Record<string, string>;
      assert.ok(Object.keys(result).length >= 12);
      for (const [attempt, outcome] of Object.entries(result))
        assert.equal(outcome, 'denied', `${attacker.app}: ${attempt}`);
    }
  });
});
