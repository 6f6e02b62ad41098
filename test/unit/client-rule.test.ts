import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decideMode,
  findCheckout,
  isServerSide,
  takeClientFlags,
  type RuleInput,
} from '../../lib/cli/client/rule.js';
import { wantsTty } from '../../lib/cli/client/remote.js';
import { buildSshArgv, quoteWord, sshProgram } from '../../lib/cli/client/ssh.js';
import { findCommand } from '../../lib/cli/commands/index.js';
import { splitShellWords } from '../../lib/domain/shell-words.js';

describe('takeClientFlags', () => {
  it('takes -a, -r, --local and --remote-help before or after the command', () => {
    assert.deepEqual(takeClientFlags(['-a', 'other', 'config:set', 'K=V'], findCommand), {
      flags: { local: false, remoteHelp: false, app: 'other' },
      argv: ['config:set', 'K=V'],
    });
    assert.deepEqual(
      takeClientFlags(['config:set', 'K=V', '--app=other', '-r', 'prod', '--local'], findCommand),
      {
        flags: { local: true, remoteHelp: false, app: 'other', remote: 'prod' },
        argv: ['config:set', 'K=V'],
      },
    );
    assert.equal(takeClientFlags(['--remote-help'], findCommand).flags.remoteHelp, true);
  });

  it("leaves a command's own option of the same name, and everything after --", () => {
    assert.deepEqual(
      takeClientFlags(['addons:create', 'postgres', 'db', '--app', 'web'], findCommand).argv,
      ['addons:create', 'postgres', 'db', '--app', 'web'],
    );
    assert.deepEqual(takeClientFlags(['git:remote', 'app', '-r', 'prod'], findCommand).argv, [
      'git:remote',
      'app',
      '-r',
      'prod',
    ]);
    assert.deepEqual(takeClientFlags(['run', '--', 'ls', '-a', 'x'], findCommand).argv, [
      'run',
      '--',
      'ls',
      '-a',
      'x',
    ]);
  });

  it('needs a value for -a and -r', () => {
    assert.throws(() => takeClientFlags(['config', '-a'], findCommand), /-a needs a value/);
  });
});

describe('decideMode', () => {
  const base: RuleInput = {
    flags: { local: false, remoteHelp: false },
    forced: undefined,
    alwaysLocal: false,
    serverSide: false,
    inCheckout: false,
  };

  it('sends commands from a checkout, runs them here elsewhere', () => {
    assert.equal(decideMode({ ...base, inCheckout: true }), 'remote');
    assert.equal(decideMode(base), 'local');
  });

  it('runs here on the server, unless a remote is asked for', () => {
    assert.equal(decideMode({ ...base, serverSide: true, inCheckout: true }), 'local');
    assert.equal(
      decideMode({ ...base, serverSide: true, flags: { ...base.flags, remote: 'hop3' } }),
      'remote',
    );
    assert.equal(decideMode({ ...base, serverSide: true, forced: 'remote' }), 'remote');
  });

  it('--local, HOP3_CLIENT=local and client or plumbing commands always run here', () => {
    assert.equal(
      decideMode({ ...base, inCheckout: true, flags: { ...base.flags, local: true, app: 'x' } }),
      'local',
    );
    assert.equal(decideMode({ ...base, inCheckout: true, forced: 'local' }), 'local');
    assert.equal(decideMode({ ...base, inCheckout: true, alwaysLocal: true }), 'local');
  });

  it('-a alone asks for the remote (and fails with the fix when there is none)', () => {
    assert.equal(decideMode({ ...base, flags: { ...base.flags, app: 'x' } }), 'remote');
  });
});

describe('isServerSide and findCheckout', () => {
  it('is the server when HOP3_HOME is set, or for root and hop3 with an installed settings file', () => {
    assert.equal(
      isServerSide({ HOP3_HOME: '/srv/hop3' }, 'alice', () => false),
      true,
    );
    assert.equal(
      isServerSide({}, 'root', (p) => p === '/home/hop3/settings.json'),
      true,
    );
    assert.equal(
      isServerSide({}, 'hop3', (p) => p === '/home/hop3/settings.json'),
      true,
    );
    assert.equal(
      isServerSide({}, 'alice', () => true),
      false,
    );
    assert.equal(
      isServerSide({}, 'root', () => false),
      false,
    );
  });

  it('finds the top of the checkout from a subdirectory', () => {
    assert.equal(
      findCheckout('/home/a/app/src/lib', (p) => p === '/home/a/app/.git'),
      '/home/a/app',
    );
    assert.equal(
      findCheckout('/home/a/app', () => false),
      undefined,
    );
  });
});

describe('ssh argv', () => {
  const target = { user: 'hop3', host: 'example.com', port: 2222, app: 'myapp' };

  it('picks the program as git does, splitting GIT_SSH_COMMAND into words without a shell', () => {
    assert.deepEqual(
      sshProgram({ GIT_SSH_COMMAND: "ssh -i '/keys/my key' -o 'ProxyCommand=x; y'" }),
      ['ssh', '-i', '/keys/my key', '-o', 'ProxyCommand=x; y'],
    );
    assert.deepEqual(sshProgram({}, 'ssh -F cfg'), ['ssh', '-F', 'cfg']);
    assert.deepEqual(sshProgram({ GIT_SSH: '/usr/bin/plink' }), ['/usr/bin/plink']);
    assert.deepEqual(sshProgram({}), ['ssh']);
  });

  it('shares the connection, puts the destination after -- and the command as one quoted line', () => {
    const argv = buildSshArgv(
      ['ssh', '-i', 'k'],
      target,
      ['config:set', 'myapp', 'K=a b', "Q=it's", 'X=$(id)'],
      { controlDir: '/run/u/hop3-ssh' },
    );
    assert.deepEqual(argv.slice(0, -1), [
      'ssh',
      '-i',
      'k',
      '-o',
      'ControlMaster=auto',
      '-o',
      'ControlPath=/run/u/hop3-ssh/%C',
      '-o',
      'ControlPersist=60',
      '-p',
      '2222',
      '--',
      'hop3@example.com',
    ]);
    // The server splits the line like a shell without expansion: it gets the words back exactly.
    assert.deepEqual(splitShellWords(argv.at(-1) ?? ''), [
      'config:set',
      'myapp',
      'K=a b',
      "Q=it's",
      'X=$(id)',
    ]);
    assert.equal(quoteWord('K=V'), 'K=V');
  });

  it('adds no sharing options when turned off or when the program is not OpenSSH', () => {
    assert.deepEqual(
      buildSshArgv(['ssh'], { ...target, port: undefined }, ['apps'], { controlDir: undefined }),
      ['ssh', '--', 'hop3@example.com', 'apps'],
    );
    assert.deepEqual(buildSshArgv(['plink'], target, ['apps'], { controlDir: '/d' }), [
      'plink',
      '-p',
      '2222',
      '--',
      'hop3@example.com',
      'apps',
    ]);
  });

  it('asks ssh for a terminal for run -t only', () => {
    assert.equal(wantsTty(['run', 'app', '-t', '--', 'bash']), true);
    assert.equal(wantsTty(['run', 'app', '--', 'ls', '-t']), false);
    assert.equal(wantsTty(['logs', '-t', 'app']), false);
    assert.deepEqual(
      buildSshArgv(
        ['ssh'],
        { user: 'hop3', host: 'h', port: undefined, app: 'a' },
        ['run', 'a', '-t', '--', 'sh'],
        { controlDir: undefined, tty: true },
      ),
      ['ssh', '-t', '--', 'hop3@h', 'run a -t -- sh'],
    );
  });
});
