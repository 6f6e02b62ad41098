import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { COMMANDS } from '../../lib/cli/commands/index.js';
import { tempHome } from '../helpers/cli.js';

const h = tempHome();
after(() => h.cleanup());

describe('cli', () => {
  it('prints help with every public command', async () => {
    const r = await h.cli(['help']);
    assert.equal(r.code, 0);
    for (const name of [
      'apps',
      'apps:create',
      'apps:destroy',
      'config',
      'config:get',
      'config:set',
      'config:unset',
      'deploy',
      'ps',
      'restart',
      'stop',
      'start',
      'logs',
      'releases',
      'plugins',
      'tokens:create',
      'tokens:list',
      'tokens:revoke',
    ]) {
      assert.match(r.stdout, new RegExp(`^  ${name} `, 'm'), name);
    }
    assert.doesNotMatch(r.stdout, /git-hook|ssh-command/);
  });

  it('answers --help on every command', async () => {
    for (const spec of COMMANDS) {
      const r = await h.cli([spec.name, '--help']);
      assert.equal(r.code, 0, spec.name);
      assert.match(r.stdout, new RegExp(`^Usage: ${spec.name}`), spec.name);
    }
  });

  it('refuses an unknown command with a suggestion', async () => {
    const r = await h.cli(['confg']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /"confg" is not a hop3 command/);
    assert.match(r.stderr, /did you mean "config"/);
  });

  it('checks the argument count', async () => {
    const r = await h.cli(['config:get', 'app']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /usage: config:get APP KEY/);
  });

  it('refuses invalid app names before anything else', async () => {
    for (const name of ['../x', 'A_B', 'a'.repeat(70)]) {
      const r = await h.cli(['apps:create', name]);
      assert.equal(r.code, 2, name);
      assert.match(r.stderr, /invalid app name/);
      assert.equal(r.stderr.trim().split('\n').length, 2, 'one line plus a hint');
    }
  });

  it('stores config literally and prints only the value', async () => {
    assert.equal((await h.cli(['apps:create', 'demo'])).code, 0);
    const set = await h.cli([
      'config:set',
      'demo',
      'X=$(id); echo *',
      'EMPTY=',
      'EQ=a=b',
      '--no-restart',
    ]);
    assert.equal(set.code, 0, set.stderr);
    assert.equal((await h.cli(['config:get', 'demo', 'X'])).stdout, '$(id); echo *\n');
    assert.equal((await h.cli(['config:get', 'demo', 'EQ'])).stdout, 'a=b\n');
    const shell = await h.cli(['config', 'demo', '--shell']);
    assert.match(shell.stdout, /^EMPTY=''$/m);
    const missing = await h.cli(['config:get', 'demo', 'NOPE']);
    assert.equal(missing.code, 3);
    assert.equal(missing.stdout, '');
  });

  it('refuses bad config keys', async () => {
    const r = await h.cli(['config:set', 'demo', '1BAD=x', '--no-restart']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /invalid config key "1BAD"/);
  });

  it('accepts options after the app name', async () => {
    const r = await h.cli(['logs', 'demo', '-n', '5']);
    assert.equal(r.code, 0, r.stderr);
    const r2 = await h.cli(['logs', '-n', '5', 'demo']);
    assert.equal(r2.code, 0, r2.stderr);
  });

  it('requires --confirm for apps:destroy', async () => {
    const r = await h.cli(['apps:destroy', 'demo']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--confirm demo/);
  });

  it('refuses plumbing and host commands over ssh, and runs nothing else', async () => {
    for (const line of ['bash -c id', 'git-hook demo', 'setup --domain x', 'ssh-keys:add x -']) {
      const r = await h.cli(['ssh-command', '--key', 'tester'], {
        env: { SSH_ORIGINAL_COMMAND: line },
      });
      assert.equal(r.code, 2, line);
      assert.match(r.stderr, /is not a hop3 command/, line);
    }
  });

  it('runs hop3 commands over ssh with the literal words', async () => {
    const set = await h.cli(['ssh-command', '--key', 'tester'], {
      env: { SSH_ORIGINAL_COMMAND: `config:set demo 'Y=$(id); echo *' --no-restart` },
    });
    assert.equal(set.code, 0, set.stderr);
    const get = await h.cli(['ssh-command'], {
      env: { SSH_ORIGINAL_COMMAND: 'config:get demo Y' },
    });
    assert.equal(get.stdout, '$(id); echo *\n');
  });

  it('lists apps', async () => {
    const r = await h.cli(['apps']);
    assert.match(r.stdout, /^demo\s+-\s+not deployed\s+http:\/\/demo\.hop3\.test\/$/m);
  });
});

describe('git:set', () => {
  it('sets and resets the deploy branch, refusing bad names', async () => {
    assert.equal((await h.cli(['git:set', 'demo', 'deploy-branch', 'production'])).code, 0);
    const { openState } = await import('../../lib/state/index.js');
    const state = openState(join(h.home, 'hop3.db'));
    assert.equal(state.apps.get('demo').deployBranch, 'production');
    assert.equal((await h.cli(['git:set', 'demo', 'deploy-branch', '-x'])).code, 2);
    assert.equal((await h.cli(['git:set', 'demo', 'deploy-branch', 'a..b'])).code, 2);
    assert.equal((await h.cli(['git:set', 'demo', 'branch', 'x'])).code, 2);
    assert.equal((await h.cli(['git:set', 'demo', 'deploy-branch'])).code, 0);
    assert.equal(state.apps.get('demo').deployBranch, null);
    state.close();
  });
});
