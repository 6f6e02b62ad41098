// The local client run from a temporary app checkout against the real hop3 over ssh (lib/client).
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { shellQuote } from '../../lib/domain/shell-words.js';
import {
  appName,
  destroy,
  errorLines,
  GIT_SSH_COMMAND,
  HOST,
  requireE2eEnvironment,
  sh,
  ssh,
  workingCopy,
  type Result,
  type WorkingCopy,
} from './helpers.js';

const HOP3 = resolve(import.meta.dirname, '..', '..', 'bin', 'hop3');
// Control sockets go to a private directory of this run (the client uses $XDG_RUNTIME_DIR/hop3-ssh).
const runtime = mkdtempSync(join(tmpdir(), 'hop3-e2e-client-'));
const controlDir = join(runtime, 'hop3-ssh');
// This host is also the hop3 server and the suite runs as root, where the rule picks the local CLI:
// HOP3_CLIENT=remote asks for the client as on a developer's machine.
const CLIENT_ENV = {
  HOP3_CLIENT: 'remote',
  GIT_SSH_COMMAND,
  XDG_RUNTIME_DIR: runtime,
  HOP3_HOME: '',
};

/** Runs the client from dist in `cwd`. */
function hop3(cwd: string, args: string[], env: Record<string, string> = {}): Promise<Result> {
  return sh('node', [HOP3, ...args], { cwd, env: { ...CLIENT_ENV, ...env }, timeoutMs: 120_000 });
}

const app = appName('client');
const other = appName('clientb');
let wc: WorkingCopy;

before(async () => {
  requireE2eEnvironment();
  wc = await workingCopy('static-site', app);
  const push = await wc.push();
  assert.equal(push.code, 0, push.stderr);
  const created = await ssh(['apps:create', other]);
  assert.equal(created.code, 0, created.stderr);
});

after(async () => {
  // Close the shared connection now rather than after ControlPersist's 60 s.
  await sh('ssh', ['-o', `ControlPath=${join(controlDir, '%C')}`, '-O', 'exit', `hop3@${HOST}`]);
  wc.cleanup();
  rmSync(runtime, { recursive: true, force: true });
  await destroy(app);
  await destroy(other);
});

describe('hop3 client in an app checkout', () => {
  it('finds the server and the app from the hop3 remote', async () => {
    const set = await hop3(wc.dir, ['config:set', 'GREETING=hello there', '--no-restart']);
    assert.equal(set.code, 0, set.stderr);
    const got = await hop3(wc.dir, ['config:get', 'GREETING']);
    assert.equal(got.code, 0, got.stderr);
    assert.equal(got.stdout, 'hello there\n');
    const direct = await ssh(['config:get', app, 'GREETING']);
    assert.equal(direct.stdout, 'hello there\n');
  });

  it('-a names another app on the same server', async () => {
    const set = await hop3(wc.dir, ['-a', other, 'config:set', 'ONLY_B=1', '--no-restart']);
    assert.equal(set.code, 0, set.stderr);
    assert.equal((await ssh(['config:get', other, 'ONLY_B'])).stdout, '1\n');
    assert.equal(
      (await hop3(wc.dir, ['config:get', 'ONLY_B'])).code,
      3,
      'the checkout app must not have it',
    );
    assert.equal((await hop3(wc.dir, ['config:get', 'ONLY_B', '--app', other])).stdout, '1\n');
  });

  it("passes the server's exit code, stdout and stderr through", async () => {
    const missing = await hop3(wc.dir, ['config:get', 'NOT_SET_ANYWHERE']);
    assert.equal(missing.code, 3);
    assert.equal(missing.stdout, '');
    assert.match(missing.stderr, /NOT_SET_ANYWHERE is not set/);
    const unknown = await hop3(wc.dir, ['no-such-command']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /"no-such-command" is not a hop3 command/);
  });

  it('config:set --env-file sends the file and never prints the values', async () => {
    writeFileSync(join(wc.dir, '.env'), 'FROM_FILE=s3cr3t-value\nOTHER="two words"\n');
    const set = await hop3(wc.dir, ['config:set', '--env-file', '.env', '--no-restart']);
    assert.equal(set.code, 0, set.stderr);
    assert.doesNotMatch(set.stdout + set.stderr, /s3cr3t-value/);
    assert.equal((await ssh(['config:get', app, 'OTHER'])).stdout, 'two words\n');
  });

  it('the second command reuses the shared connection (it needs no key)', async () => {
    const first = await hop3(wc.dir, ['config:get', 'GREETING']);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(readdirSync(controlDir).length, 1, 'one control socket');
    const check = await sh('ssh', [
      '-o',
      `ControlPath=${join(controlDir, '%C')}`,
      '-O',
      'check',
      `hop3@${HOST}`,
    ]);
    assert.equal(check.code, 0, check.stderr);
    // An ssh without the test key can only get in through the master connection.
    const keyless = [
      'ssh',
      '-i',
      '/nonexistent-key',
      '-o',
      'IdentitiesOnly=yes',
      '-o',
      'BatchMode=yes',
      '-o',
      'StrictHostKeyChecking=no',
      '-o',
      'UserKnownHostsFile=/dev/null',
    ];
    const second = await hop3(wc.dir, ['config:get', 'GREETING'], {
      GIT_SSH_COMMAND: keyless.map(shellQuote).join(' '),
    });
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.stdout, 'hello there\n');
  });
});

describe('hop3 client without a hop3 remote', () => {
  it('says so in one line with the fix, then git:remote adds the remote', async () => {
    const bare = await workingCopy(undefined, app, 'unused');
    try {
      await sh('git', ['remote', 'remove', 'hop3'], { cwd: bare.dir });
      const r = await hop3(bare.dir, ['config:get', 'GREETING']);
      assert.equal(r.code, 2);
      assert.deepEqual(errorLines(r.stderr), [
        ` !     no git remote named "hop3" in ${bare.dir}: add it with hop3 git:remote APP HOST`,
      ]);
      const added = await hop3(bare.dir, ['git:remote', app, HOST]);
      assert.equal(added.code, 0, added.stderr);
      assert.match(added.stdout, new RegExp(`hop3 → hop3@${HOST.replace(/\./g, '\\.')}:${app}`));
      const got = await hop3(bare.dir, ['config:get', 'GREETING']);
      assert.equal(got.stdout, 'hello there\n', got.stderr);
      const help = await hop3(bare.dir, ['--remote-help']);
      assert.match(help.stdout, /git:remote APP HOST/);
    } finally {
      bare.cleanup();
    }
  });
});
