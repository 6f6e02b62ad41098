// The ssh forced command's parser: what to run for SSH_ORIGINAL_COMMAND, without running anything.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isHop3Error } from '../../lib/errors.js';
import { parseSshCommand, repoArgToApp } from '../../lib/git/ssh-command.js';

describe('parseSshCommand', () => {
  it('maps git-receive-pack and git-upload-pack to a service on an app', () => {
    assert.deepEqual(parseSshCommand("git-receive-pack '/demo.git'"), {
      kind: 'git',
      service: 'receive-pack',
      app: 'demo',
    });
    assert.deepEqual(parseSshCommand("git-upload-pack 'demo'"), {
      kind: 'git',
      service: 'upload-pack',
      app: 'demo',
    });
  });

  it('hands anything else on as a hop3 command line, words split without a shell', () => {
    assert.deepEqual(parseSshCommand(`config:set demo 'Y=$(id); echo *'`), {
      kind: 'hop3',
      argv: ['config:set', 'demo', 'Y=$(id); echo *'],
    });
    assert.deepEqual(parseSshCommand(undefined), { kind: 'hop3', argv: ['help'] });
    assert.deepEqual(parseSshCommand(''), { kind: 'hop3', argv: ['help'] });
  });

  it('refuses a git command without exactly one repository, and a bad app name', () => {
    assert.throws(
      () => parseSshCommand('git-receive-pack'),
      (e) => isHop3Error(e) && e.code === 'E_USAGE',
    );
    assert.throws(
      () => parseSshCommand('git-upload-pack a b'),
      (e) => isHop3Error(e) && e.code === 'E_USAGE',
    );
    assert.throws(
      () => parseSshCommand("git-receive-pack '../etc.git'"),
      (e) => isHop3Error(e) && e.code === 'E_INVALID_NAME',
    );
  });

  it('reads the app from every form git sends', () => {
    for (const arg of ['/demo', 'demo', 'demo.git', '/demo.git', 'demo/'])
      assert.equal(repoArgToApp(arg), 'demo');
  });
});
