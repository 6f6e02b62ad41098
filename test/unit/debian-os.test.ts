// The Debian OS plugin: family detection, the binary-to-package table, hints, and apt/useradd calls (faked).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunCommand, RunResult } from '../../lib/sdk.js';
import debian from '../../plugins/os/debian/index.js';
import { PACKAGES } from '../../plugins/os/debian/packages.js';
import { pluginDeps } from '../helpers/build-context.js';

const result = (exitCode: number, stdout = ''): RunResult => ({
  exitCode,
  stdout,
  stderr: '',
  all: stdout,
  durationMs: 1,
});

/** A runner that records command lines and answers with `answer`. */
function recorder(answer: (line: string) => RunResult) {
  const lines: string[] = [];
  const envs: Record<string, string>[] = [];
  const run: RunCommand = (file, args, options = {}) => {
    const line = [file, ...args].join(' ');
    lines.push(line);
    envs.push(options.env ?? {});
    return Promise.resolve(answer(line));
  };
  return { run, lines, envs };
}

describe('debian os: pure parts', () => {
  const os = debian(pluginDeps());

  it('detects Debian, Ubuntu and derivatives from os-release', () => {
    assert.equal(os.detect({ ID: 'debian', VERSION_ID: '12' }), true);
    assert.equal(os.detect({ ID: 'ubuntu', ID_LIKE: 'debian' }), true);
    assert.equal(os.detect({ ID: 'linuxmint', ID_LIKE: 'ubuntu debian' }), true);
    assert.equal(os.detect({ ID: 'fedora', ID_LIKE: 'rhel centos' }), false);
    assert.equal(os.detect({ ID: 'alpine' }), false);
    assert.equal(os.detect({}), false);
  });

  it('maps binaries to packages', () => {
    const expected: Record<string, string> = {
      node: 'nodejs',
      npm: 'npm',
      python3: 'python3',
      git: 'git',
      nginx: 'nginx',
      uwsgi: 'uwsgi-core',
      sshd: 'openssh-server',
      sudo: 'sudo',
      go: 'golang-go',
      ruby: 'ruby',
      bundle: 'ruby-bundler',
      php: 'php-cli',
      composer: 'composer',
      java: 'default-jdk-headless',
      javac: 'default-jdk-headless',
      mvn: 'maven',
      gradle: 'gradle',
      lein: 'leiningen',
      clojure: 'clojure',
      cargo: 'cargo',
      rustc: 'rustc',
      psql: 'postgresql-client',
      'redis-server': 'redis-server',
    };
    for (const [binary, pkg] of Object.entries(expected))
      assert.equal(os.packageFor(binary), pkg, binary);
    assert.equal(os.packageFor('no-such-binary'), undefined);
    assert.equal(os.packageFor('toString'), undefined);
    for (const pkg of Object.values(PACKAGES)) assert.match(pkg, /^[a-z0-9][a-z0-9+.-]+$/);
  });

  it('gives an apt-get command as the install hint', () => {
    assert.equal(os.installHint(['nodejs', 'npm']), 'apt-get install -y nodejs npm');
  });

  it('names the service manager from /run/systemd/system', () => {
    assert.ok(['systemd', 'direct'].includes(os.serviceManager()));
  });
});

describe('debian os: commands (fake runner)', () => {
  it('installs only the missing packages, after apt-get update, non-interactively', async () => {
    const fake = recorder((line) =>
      result(
        line.endsWith(' git') && line.startsWith('dpkg-query') ? 0 : 1,
        line.endsWith(' git') ? 'install ok installed' : '',
      ),
    );
    const installed = await debian({ ...pluginDeps(), run: fake.run }).installPackages([
      'git',
      'nginx',
      'nginx',
    ]);
    assert.deepEqual(installed, ['nginx']);
    assert.deepEqual(fake.lines, [
      'dpkg-query -W -f=${Status} git',
      'dpkg-query -W -f=${Status} nginx',
      'apt-get -q -o DPkg::Lock::Timeout=600 update',
      'apt-get -q -o DPkg::Lock::Timeout=600 install -y --no-install-recommends nginx',
    ]);
    assert.equal(fake.envs[3]?.DEBIAN_FRONTEND, 'noninteractive');
  });

  it('runs no apt-get when everything is installed', async () => {
    const fake = recorder(() => result(0, 'install ok installed'));
    assert.deepEqual(await debian({ ...pluginDeps(), run: fake.run }).installPackages(['git']), []);
    assert.deepEqual(fake.lines, ['dpkg-query -W -f=${Status} git']);
  });

  it('refuses a package name that would read as an option', async () => {
    const fake = recorder(() => result(0));
    await assert.rejects(
      debian({ ...pluginDeps(), run: fake.run }).installPackages(['--force-yes']),
      { code: 'E_INVALID_VALUE' },
    );
    assert.deepEqual(fake.lines, []);
  });

  it('creates a missing user with a shell and unlocks it for key logins', async () => {
    const fake = recorder((line) =>
      line.startsWith('getent') ? result(2) : result(0, 'hop3 L 2024-01-01 0 99999 7 -1'),
    );
    await debian({ ...pluginDeps(), run: fake.run }).ensureUser('hop3', '/home/hop3');
    assert.deepEqual(fake.lines, [
      'getent passwd hop3',
      'useradd --create-home --home-dir /home/hop3 --shell /bin/sh hop3',
      'passwd -S hop3',
      'usermod -p * hop3',
    ]);
  });

  it('leaves an existing user with a password alone', async () => {
    const fake = recorder((line) =>
      result(
        0,
        line.startsWith('passwd')
          ? 'hop3 P 2024-01-01 0 99999 7 -1'
          : 'hop3:x:1000:1000::/home/hop3:/bin/sh',
      ),
    );
    await debian({ ...pluginDeps(), run: fake.run }).ensureUser('hop3', '/home/hop3');
    assert.deepEqual(fake.lines, ['getent passwd hop3', 'passwd -S hop3']);
  });

  it('refuses an invalid user name', async () => {
    await assert.rejects(debian(pluginDeps()).ensureUser('-o', '/home/x'), {
      code: 'E_INVALID_NAME',
    });
  });
});
