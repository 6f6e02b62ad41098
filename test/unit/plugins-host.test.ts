// Which plugins take part in host set-up (the chosen proxy and supervisor only), their home directories,
// their settings sections, and the supervise service as plugins receive it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkHostChoices, hostPlugins, superviseThrough } from '../../lib/plugins/host.js';
import { createRegistry, type LoadedPlugin } from '../../lib/plugins/registry.js';
import { createPaths } from '../../lib/paths.js';
import type { PluginKind, Supervise } from '../../lib/sdk.js';
import { DEFAULT_SETTINGS, parseSettings } from '../../lib/settings.js';
import { layoutDirs } from '../../lib/setup/layout.js';

const fakeSupervise = (log: string[]): Supervise => ({
  unavailable: () => undefined,
  start: (p) => Promise.resolve(void log.push(`start ${p.name}`)),
  restart: (name) => Promise.resolve(void log.push(`restart ${name}`)),
  stop: (name) => Promise.resolve(void log.push(`stop ${name}`)),
});

const plugin = (kind: PluginKind, name: string, instance: object = {}): LoadedPlugin =>
  ({
    kind,
    name,
    source: 'builtin',
    version: '0',
    file: `${name}.ts`,
    instance,
  }) as unknown as LoadedPlugin;

describe('hostPlugins', () => {
  const registry = createRegistry([
    plugin('proxy', 'nginx'),
    plugin('proxy', 'caddy'),
    plugin('deployer', 'uwsgi', { supervise: fakeSupervise([]) }),
    plugin('deployer', 'systemd', { supervise: fakeSupervise([]) }),
    plugin('deployer', 'static'),
    plugin('addon', 'redis'),
  ]);

  it('keeps every plugin but the proxies and supervisors settings.json did not choose', () => {
    const names = (settings: { proxy: string; supervisor: string }): string[] =>
      hostPlugins(registry, settings).map((p) => p.name);
    assert.deepEqual(names({ proxy: 'nginx', supervisor: 'uwsgi' }), [
      'nginx',
      'uwsgi',
      'static',
      'redis',
    ]);
    assert.deepEqual(names({ proxy: 'caddy', supervisor: 'systemd' }), [
      'caddy',
      'systemd',
      'static',
      'redis',
    ]);
  });

  it('refuses a chosen proxy that is not installed, and a supervisor that supervises nothing', () => {
    assert.throws(() => checkHostChoices(registry, { proxy: 'apache', supervisor: 'uwsgi' }), {
      code: 'E_UNKNOWN_PLUGIN',
    });
    assert.throws(() => checkHostChoices(registry, { proxy: 'nginx', supervisor: 'static' }), {
      code: 'E_SETUP',
      message: /supervises no processes/,
    });
    assert.doesNotThrow(() => checkHostChoices(registry, { proxy: 'nginx', supervisor: 'uwsgi' }));
  });
});

describe('superviseThrough', () => {
  it('forwards to the chosen supervisor once the plugins are loaded, and says why not before', async () => {
    const log: string[] = [];
    const loaded: { registry?: ReturnType<typeof createRegistry> } = {};
    const supervise = superviseThrough({ supervisor: 'uwsgi' }, () => loaded.registry);
    assert.match(supervise.unavailable() ?? '', /no process supervisor named "uwsgi"/);
    await assert.rejects(
      supervise.start({ name: 'x', command: ['/bin/true'], logFile: '/tmp/x.log' }),
      { code: 'E_SETUP' },
    );
    loaded.registry = createRegistry([
      plugin('deployer', 'uwsgi', { supervise: fakeSupervise(log) }),
    ]);
    assert.equal(supervise.unavailable(), undefined);
    await supervise.start({
      name: 'addon-redis.cache',
      command: ['/usr/bin/redis-server'],
      logFile: '/tmp/r.log',
    });
    await supervise.restart('addon-redis.cache');
    await supervise.stop('addon-redis.cache');
    assert.deepEqual(log, [
      'start addon-redis.cache',
      'restart addon-redis.cache',
      'stop addon-redis.cache',
    ]);
  });
});

describe('plugin home directories', () => {
  const paths = createPaths('/home/hop3');

  it("come after hop3's own, once each", () => {
    const dirs = layoutDirs(paths, [
      { name: 'uwsgi', mode: 0o755 },
      { name: 'uwsgi', mode: 0o755 },
      { name: 'uwsgi-enabled', mode: 0o755 },
    ]);
    assert.deepEqual(dirs.slice(-2), [
      ['/home/hop3/uwsgi', 0o755],
      ['/home/hop3/uwsgi-enabled', 0o755],
    ]);
    assert.equal(layoutDirs(paths).length, dirs.length - 2);
  });

  it('refuses a path, a core directory, a wider mode or two modes for one name', () => {
    for (const bad of [
      [{ name: '../etc', mode: 0o755 }],
      [{ name: 'repos', mode: 0o700 }],
      [{ name: 'x', mode: 0o777 }],
      [
        { name: 'x', mode: 0o755 },
        { name: 'x', mode: 0o700 },
      ],
    ]) {
      assert.throws(() => layoutDirs(paths, bad), { code: 'E_PLUGIN_SHAPE' }, JSON.stringify(bad));
    }
  });
});

describe('plugin settings sections', () => {
  it("are every top-level object but the core's, kept as the file has them (an older file loads unchanged)", () => {
    const settings = parseSettings({
      domain: 'a.test',
      nginx: { httpPort: 8080 },
      uwsgi: { binary: '/opt/uwsgi' },
      git: { maxPushMb: 5 },
      note: 'x',
    });
    assert.deepEqual(settings.sections, {
      nginx: { httpPort: 8080 },
      uwsgi: { binary: '/opt/uwsgi' },
    });
    assert.equal(settings.git.maxPushMb, 5);
    assert.deepEqual(parseSettings({}).sections, {});
    assert.equal(DEFAULT_SETTINGS.supervisor, parseSettings({}).supervisor);
    assert.equal(parseSettings({ supervisor: 'other' }).supervisor, 'other');
  });
});
