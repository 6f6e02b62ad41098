// Which resident services setup runs, and how it recognises one that already runs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRegistry, type LoadedPlugin } from '../../lib/plugins/registry.js';
import { argvMatches } from '../../lib/proc/pids.js';
import type { ServiceSpec } from '../../lib/sdk.js';
import { DEFAULT_SETTINGS } from '../../lib/settings.js';
import { collectServices } from '../../lib/setup/services.js';

const plugin = (name: string, services: ServiceSpec[]): LoadedPlugin =>
  ({
    kind: 'deployer',
    name,
    source: 'builtin',
    version: '0',
    file: `${name}.ts`,
    instance: { services: () => services },
  }) as unknown as LoadedPlugin;

const emperor: ServiceSpec = {
  name: 'hop3-emperor',
  description: 'e',
  command: ['/usr/bin/uwsgi', '--ini', '/x.ini'],
};

describe('collectServices', () => {
  it("lists the plugins' services, then hop3-git-http", () => {
    const specs = collectServices(createRegistry([plugin('uwsgi', [emperor])]), {
      ...DEFAULT_SETTINGS,
      gitHttpPort: 9001,
    });
    assert.deepEqual(
      specs.map((s) => [s.name, s.command.join(' ')]),
      [
        ['hop3-emperor', '/usr/bin/uwsgi --ini /x.ini'],
        ['hop3-git-http', '/usr/local/bin/hop3 git-http --port 9001'],
      ],
    );
  });

  it('refuses a duplicate name, a relative binary and an unsafe unit name', () => {
    const twice = createRegistry([plugin('a', [emperor]), plugin('b', [emperor])]);
    assert.throws(() => collectServices(twice, DEFAULT_SETTINGS), {
      code: 'E_PLUGIN_DUPLICATE',
      message: /deployer plugin a and by deployer plugin b/,
    });
    const relative = createRegistry([plugin('a', [{ ...emperor, command: ['uwsgi'] }])]);
    assert.throws(() => collectServices(relative, DEFAULT_SETTINGS), { code: 'E_PLUGIN_SHAPE' });
    const unsafe = createRegistry([plugin('a', [{ ...emperor, name: '../x' }])]);
    assert.throws(() => collectServices(unsafe, DEFAULT_SETTINGS), { code: 'E_PLUGIN_SHAPE' });
  });
});

describe('argvMatches', () => {
  const command = ['/usr/local/bin/hop3', 'git-http', '--port', '8822'];
  it('matches the command itself and the command behind an interpreter line', () => {
    assert.ok(argvMatches(command, command));
    assert.ok(argvMatches(['node', ...command], command));
  });
  it('does not match another command or other arguments', () => {
    assert.ok(!argvMatches(['/usr/local/bin/hop3', 'git-http', '--port', '8823'], command));
    assert.ok(!argvMatches(['git-http', '--port', '8822'], command));
    assert.ok(!argvMatches([], []));
  });
});
