// Over real ssh: config --shell is safe to eval, no stack reaches the client, an empty push session
// creates nothing, and a failed release's directory goes at once while its build log stays.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  appName,
  destroy,
  get,
  hostOf,
  requireE2eEnvironment,
  sh,
  ssh,
  workingCopy,
  GIT_SSH_COMMAND,
  type WorkingCopy,
} from './helpers.js';

before(requireE2eEnvironment);

const HOME = '/home/hop3';

describe('config --shell over ssh', () => {
  const app = appName('shell');
  const scratch = mkdtempSync(join(tmpdir(), 'hop3-e2e-shell-'));
  after(async () => {
    await destroy(app);
    rmSync(scratch, { recursive: true, force: true });
  });

  it('prints values that eval back literally without running anything', async () => {
    assert.equal((await ssh(['apps:create', app])).code, 0);
    const marker = join(scratch, 'ran');
    const value = `$(touch ${marker}) \`touch ${marker}\` it's`;
    assert.equal((await ssh(['config:set', app, `X=${value}`, '--no-restart'])).code, 0);
    const out = await ssh(['config', app, '--shell']);
    assert.equal(out.code, 0, out.stderr);
    const back = execFileSync('bash', ['-c', 'eval "$OUT"; printf %s "$X"'], {
      env: { PATH: '/usr/bin:/bin', OUT: out.stdout },
      encoding: 'utf8',
    });
    assert.equal(back, value);
    assert.equal(existsSync(marker), false);
  });
});

describe('errors over ssh', () => {
  it('never show a stack, even with --debug', async () => {
    const r = await ssh(['config:get', appName('nope'), 'X', '--debug']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /does not exist/);
    assert.doesNotMatch(r.stderr, /^\s+at /m);
    assert.ok(!r.stderr.includes(HOME));
  });
});

describe('pushes', () => {
  const ghost = appName('ghost');
  const app = appName('failrel');
  let wc: WorkingCopy;
  after(async () => {
    wc.cleanup();
    await destroy(app);
    await destroy(ghost);
  });

  it('a dry-run push session leaves no app and no repository', async () => {
    const copy = await workingCopy('static-site', ghost);
    try {
      const r = await sh('git', ['push', '--dry-run', 'hop3', 'main'], {
        cwd: copy.dir,
        env: { GIT_SSH_COMMAND },
      });
      assert.equal(r.code, 0, r.stderr);
    } finally {
      copy.cleanup();
    }
    const apps = JSON.parse((await ssh(['apps', '--json'])).stdout) as { name: string }[];
    assert.ok(!apps.some((a) => a.name === ghost));
    assert.equal(existsSync(join(HOME, 'repos', `${ghost}.git`)), false);
  });

  it('a failed release loses its directory at once and keeps its build log', async () => {
    wc = await workingCopy('static-site', app);
    assert.equal((await wc.push()).code, 0);
    await wc.commit({ Procfile: 'static: public\nrelease: echo migrating; exit 3\n' });
    const push = await wc.push();
    assert.notEqual(push.code, 0);
    assert.equal((await get(hostOf(app))).status, 200, 'the previous release keeps serving');
    const releases = JSON.parse((await ssh(['releases', app, '--json'])).stdout) as {
      number: number;
      status: string;
    }[];
    const failed = releases.find((r) => r.status === 'failed');
    assert.ok(failed);
    assert.ok(!readdirSync(join(HOME, 'apps', app, 'releases')).includes(String(failed.number)));
    const log = await ssh(['logs', app, '--release', `v${failed.number}`]);
    assert.match(log.stdout, /migrating/);
  });
});
