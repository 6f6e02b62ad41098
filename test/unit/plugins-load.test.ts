import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createHop3Container } from '../../lib/container.js';
import { silentReporter } from '../../lib/output/reporter.js';
import { createPaths } from '../../lib/paths.js';
import { DEFAULT_SETTINGS } from '../../lib/settings.js';

const root = mkdtempSync(join(tmpdir(), 'hop3-plugins-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** A plugin module written without importing the SDK (the definition marker is a global symbol). */
function pluginSource(kind: string, name: string, body: string): string {
  return `const def = (deps) => (${body});
Object.defineProperty(def, Symbol.for('hop3.plugin'), { value: { kind: '${kind}', name: '${name}', sdkVersion: '1.0.0' } });
export default def;
`;
}

const toolchain = (name: string): string =>
  pluginSource(
    'toolchain',
    name,
    `{ priority: 1, detect: () => null, build: async () => { throw new Error('no'); } }`,
  );

function pluginDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(root, 'p-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function load(dir: string) {
  return createHop3Container({
    paths: createPaths(join(root, 'home')),
    settings: DEFAULT_SETTINGS,
    log: silentReporter,
    externalDir: dir,
  });
}

describe('plugin loading', () => {
  it('loads the built-in plugins of every kind used by the core', async () => {
    const { plugins } = await load(pluginDir({}));
    const names = plugins.list().map((p) => `${p.kind}:${p.name}`);
    for (const want of [
      'builder:local',
      'toolchain:node',
      'toolchain:python',
      'toolchain:static',
      'toolchain:generic',
      'deployer:uwsgi',
      'deployer:static',
      'proxy:nginx',
      'os:debian',
    ]) {
      assert.ok(names.includes(want), `${want} in ${names.join(', ')}`);
    }
    assert.ok(plugins.list().every((p) => p.source === 'builtin'));
  });

  it('loads loose files, folders and npm packages declaring hop3.plugins', async () => {
    const dir = pluginDir({
      'one.js': toolchain('one'),
      'two/index.js': toolchain('two'),
      'node_modules/hop3-three/package.json': JSON.stringify({
        name: 'hop3-three',
        version: '3.1.4',
        type: 'module',
        hop3: { plugins: ['./lib/main.js'] },
      }),
      'node_modules/hop3-three/lib/main.js': toolchain('three'),
      'node_modules/unrelated/package.json': JSON.stringify({
        name: 'unrelated',
        version: '1.0.0',
      }),
    });
    const { plugins } = await load(dir);
    const external = plugins.list().filter((p) => p.source === 'external');
    assert.deepEqual(external.map((p) => [p.name, p.version]).sort(), [
      ['one', 'local'],
      ['three', '3.1.4'],
      ['two', 'local'],
    ]);
    assert.equal(plugins.get('toolchain', 'three').instance.priority, 1);
  });

  it('names the file of a plugin that fails to import', async () => {
    const dir = pluginDir({ 'broken.js': 'export default (' });
    await assert.rejects(
      load(dir),
      (e: Error & { code?: string }) =>
        e.code === 'E_PLUGIN_LOAD' && e.message.includes(join(dir, 'broken.js')),
    );
  });

  it('names the file of a plugin with the wrong shape', async () => {
    const dir = pluginDir({ 'plain.js': 'export default () => ({})' });
    await assert.rejects(
      load(dir),
      (e: Error & { code?: string }) =>
        e.code === 'E_PLUGIN_SHAPE' && e.message.includes('plain.js'),
    );
    const dir2 = pluginDir({
      'nodetect.js': pluginSource('toolchain', 'nodetect', '{ priority: 1 }'),
    });
    await assert.rejects(
      load(dir2),
      (e: Error & { code?: string }) =>
        e.code === 'E_PLUGIN_SHAPE' && /must have detect, build/.test(e.message),
    );
  });

  it('refuses a duplicate name, naming both files', async () => {
    const dir = pluginDir({ 'a.js': toolchain('dup'), 'b.js': toolchain('dup') });
    await assert.rejects(
      load(dir),
      (e: Error & { code?: string }) =>
        e.code === 'E_PLUGIN_DUPLICATE' && e.message.includes('a.js') && e.message.includes('b.js'),
    );
    const dir2 = pluginDir({ 'node.js': toolchain('node') });
    await assert.rejects(load(dir2), { code: 'E_PLUGIN_DUPLICATE' });
  });

  it('refuses a plugin built for another SDK major version', async () => {
    const dir = pluginDir({
      'old.js': toolchain('old').replace("sdkVersion: '1.0.0'", "sdkVersion: '0.9.0'"),
    });
    await assert.rejects(load(dir), { code: 'E_PLUGIN_SDK' });
  });
});
