// Detection and priorities of the node, python, static and generic toolchains, alone and together.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createReporter } from '../../lib/output/reporter.js';
import { selectToolchain } from '../../lib/pipeline/detect.js';
import { createRegistry, type LoadedPlugin } from '../../lib/plugins/registry.js';
import type { LanguageToolchain, PluginDefinition } from '../../lib/sdk.js';
import generic from '../../plugins/toolchains/generic/index.js';
import node from '../../plugins/toolchains/node/index.js';
import python from '../../plugins/toolchains/python/index.js';
import staticSite from '../../plugins/toolchains/static/index.js';
import { appConfig, fakeSource, pluginDeps } from '../helpers/build-context.js';

const definitions: [string, PluginDefinition<LanguageToolchain>][] = [
  ['node', node],
  ['python', python],
  ['static', staticSite],
  ['generic', generic],
];
const toolchains = Object.fromEntries(definitions.map(([name, def]) => [name, def(pluginDeps())]));
const registry = createRegistry(
  definitions.map(([name, def]): LoadedPlugin => ({
    kind: 'toolchain',
    name,
    source: 'builtin',
    version: 'test',
    file: `plugins/toolchains/${name}/index.ts`,
    instance: def(pluginDeps()),
  })),
);

async function select(
  files: Record<string, string>,
  procfile?: string,
): Promise<{ name: string; printed: string }> {
  let printed = '';
  const log = createReporter({ write: (chunk: string) => (printed += chunk) });
  const picked = await selectToolchain(registry, fakeSource(files), appConfig(procfile), log);
  return { name: picked.toolchain.name, printed };
}

describe('toolchain detection', () => {
  it('each toolchain claims its marker and gives it as the reason', async () => {
    const t = (name: string): LanguageToolchain => toolchains[name]!;
    assert.deepEqual(await t('node').detect(fakeSource({ 'package.json': '{}' }), appConfig()), {
      reason: 'package.json',
    });
    assert.deepEqual(
      await t('python').detect(fakeSource({ 'requirements.txt': '' }), appConfig()),
      { reason: 'requirements.txt' },
    );
    assert.deepEqual(await t('static').detect(fakeSource({}), appConfig('static: public\n')), {
      reason: 'Procfile static: public',
    });
    assert.deepEqual(
      await t('generic').detect(fakeSource({}), appConfig('web: ./run\nworker: ./work\n')),
      {
        reason: 'Procfile: web, worker',
      },
    );
  });

  it('each toolchain ignores apps without its marker', async () => {
    const empty = fakeSource({ 'README.md': '' });
    for (const name of ['node', 'python', 'static', 'generic']) {
      assert.equal(await toolchains[name]!.detect(empty, appConfig()), null, name);
    }
    assert.equal(
      await toolchains.static!.detect(empty, appConfig('static: public\nweb: ./run\n')),
      null,
    );
  });

  it('has distinct priorities: python 50, node 40, static 30, generic 10', () => {
    assert.deepEqual(
      definitions.map(([name]) => [name, toolchains[name]!.priority]),
      [
        ['node', 40],
        ['python', 50],
        ['static', 30],
        ['generic', 10],
      ],
    );
    assert.deepEqual(toolchains.node!.requires, ['node', 'npm']);
    assert.deepEqual(toolchains.python!.requires, ['python3']);
  });

  it('picks the language toolchain over the Procfile and prints why', async () => {
    const nodeApp = await select({ 'package.json': '{}', Procfile: '' }, 'web: node server.js\n');
    assert.equal(nodeApp.name, 'node');
    assert.match(nodeApp.printed, /-----> Node\.js app detected \(package\.json\)/);
    const pythonApp = await select({ 'requirements.txt': '# none\n' }, 'wsgi: app:application\n');
    assert.equal(pythonApp.name, 'python');
    assert.match(pythonApp.printed, /Python app detected \(requirements\.txt\)/);
  });

  it('prefers python when an app has both requirements.txt and package.json', async () => {
    assert.equal((await select({ 'requirements.txt': '', 'package.json': '{}' })).name, 'python');
  });

  it('builds a Procfile-only app with generic and a static-only Procfile with static', async () => {
    const worker = await select(
      { Procfile: '' },
      'web: python3 -u server.py\nworker: sh worker.sh\n',
    );
    assert.equal(worker.name, 'generic');
    assert.match(worker.printed, /Procfile app detected \(Procfile: web, worker\)/);
    const site = await select({ Procfile: '' }, 'static: public\n');
    assert.equal(site.name, 'static');
    assert.match(site.printed, /Static site app detected \(Procfile static: public\)/);
  });

  it('fails with E_NO_TOOLCHAIN when nothing claims the app', async () => {
    await assert.rejects(select({ 'README.md': '' }), { code: 'E_NO_TOOLCHAIN' });
  });
});
