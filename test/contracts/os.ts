// The contract every OS plugin passes: it recognises its family from os-release fields (and no other),
// names a package for each binary hop3 and its plugins need, gives a one-line install command, reports
// the service manager this host runs, and refuses names that would read as options before running anything.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { OperatingSystem, PluginDefinition, RunCommand } from '../../lib/sdk.js';
import { pluginDeps } from '../helpers/build-context.js';
import { checkDefinition } from './plugin.js';

/** What one OS plugin's contract run needs. */
export interface OsContractSpec {
  os: PluginDefinition<OperatingSystem>;
  /** Its name (its folder under plugins/os). */
  name: string;
  /** Parsed /etc/os-release files of its family. */
  family: Record<string, string>[];
  /** Parsed /etc/os-release files of other families. */
  others?: Record<string, string>[];
}

/** os-release files of the common families, for `others`. */
export const OS_RELEASES: Record<string, Record<string, string>> = {
  debian: { ID: 'debian', VERSION_ID: '12' },
  ubuntu: { ID: 'ubuntu', ID_LIKE: 'debian', VERSION_ID: '24.04' },
  fedora: { ID: 'fedora', VERSION_ID: '40' },
  rocky: { ID: 'rocky', ID_LIKE: 'rhel centos fedora' },
  alpine: { ID: 'alpine', VERSION_ID: '3.20' },
  arch: { ID: 'arch' },
  empty: {},
};

/** Binaries the core, the built-in plugins and the test host ask an OS plugin to install. */
export const CORE_BINARIES = [
  'git',
  'python3',
  'node',
  'npm',
  'nginx',
  'uwsgi',
  'sudo',
  'psql',
  'redis-server',
];

/** A runner that fails the test if the plugin runs anything. */
const noCommands: RunCommand = (file, args) =>
  Promise.reject(new Error(`ran ${[file, ...args].join(' ')}`));

/** Registers the contract tests of one OS plugin (node:test). */
export function osContract(spec: OsContractSpec): void {
  describe(`${spec.name} os contract`, () => {
    const os = spec.os(pluginDeps(noCommands));
    const others =
      spec.others ??
      Object.entries(OS_RELEASES)
        .filter(([, r]) => !spec.family.includes(r))
        .map(([, r]) => r);

    it(`is an os plugin named ${spec.name} with every member`, () => {
      checkDefinition(spec.os, 'os', spec.name, os);
      assert.ok(os.title.trim().length > 0, 'an empty title');
    });

    it('detects its family and no other', () => {
      for (const release of spec.family)
        assert.equal(os.detect(release), true, JSON.stringify(release));
      for (const release of others)
        assert.equal(os.detect(release), false, JSON.stringify(release));
    });

    it("names a package for the binaries hop3 needs, and none for unknown names or Object's own", () => {
      for (const binary of CORE_BINARIES) {
        const pkg = os.packageFor(binary);
        assert.ok(pkg !== undefined, `no package for ${binary}`);
        assert.match(pkg, /^[a-z0-9][a-z0-9+.-]+$/, `package of ${binary}`);
      }
      for (const name of [
        'no-such-binary',
        'toString',
        'constructor',
        '__proto__',
        'hasOwnProperty',
      ]) {
        assert.equal(os.packageFor(name), undefined, name);
      }
    });

    it('gives one command line installing the packages as the hint', () => {
      const hint = os.installHint(['git', 'nginx']);
      assert.match(hint, /^[^\n]+$/);
      assert.match(hint, /\bgit nginx$|\bgit\b.*\bnginx\b/);
    });

    it('runs systemd exactly when the host does', () => {
      assert.equal(os.serviceManager(), existsSync('/run/systemd/system') ? 'systemd' : 'direct');
    });

    it('refuses a package or user name that would read as an option, running nothing', async () => {
      await assert.rejects(os.installPackages(['--force-yes']), { code: 'E_INVALID_VALUE' });
      await assert.rejects(os.ensureUser('-o', '/home/x'), { code: 'E_INVALID_NAME' });
    });

    it('installs nothing for an empty list', async () => {
      assert.deepEqual(await os.installPackages([]), []);
    });
  });
}
