// The multi-marker rule: priority decides (and says what it left out), or hop3.toml [build] toolchains
// builds several in order, merged into one artifact; distinct priorities across every built-in toolchain.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseHop3Toml } from '../../lib/domain/hop3-toml.js';
import { createReporter } from '../../lib/output/reporter.js';
import { selectToolchain } from '../../lib/pipeline/detect.js';
import { chainToolchains, mergeArtifacts } from '../../lib/pipeline/toolchain-chain.js';
import { createRegistry, type LoadedPlugin } from '../../lib/plugins/registry.js';
import type { AppConfig, ArtifactParts, BuildArtifact, LoadedToolchain } from '../../lib/sdk.js';
import { appConfig, fakeSource, testBuild } from '../helpers/build-context.js';
import { builtinToolchains } from '../helpers/pipeline-build.js';

let plugins: LoadedPlugin<'toolchain'>[] = [];
before(async () => {
  plugins = await builtinToolchains();
});
const root = mkdtempSync(join(tmpdir(), 'hop3-select-'));
after(() => rmSync(root, { recursive: true, force: true }));

function withToml(toml: string, procfile?: string): AppConfig {
  return { ...appConfig(procfile), toml: parseHop3Toml(toml) };
}

async function select(
  files: Record<string, string>,
  config: AppConfig = appConfig(),
): Promise<{ toolchain: LoadedToolchain; printed: string }> {
  let printed = '';
  const log = createReporter({ write: (chunk: string) => (printed += chunk) });
  const { toolchain } = await selectToolchain(
    createRegistry(plugins),
    fakeSource(files),
    config,
    log,
  );
  return { toolchain, printed };
}

describe('several markers, no hop3.toml', () => {
  it('gives every built-in toolchain its own priority, so priority always decides', () => {
    const priorities = plugins.map((p) => p.instance.priority);
    assert.equal(
      new Set(priorities).size,
      priorities.length,
      plugins.map((p) => `${p.name}=${p.instance.priority}`).join(' '),
    );
  });

  it('builds with the highest priority and names the toolchains it left out, with the hop3.toml line that builds them', async () => {
    const { toolchain, printed } = await select(
      { 'requirements.txt': 'flask\n', 'package.json': '{}', Procfile: '' },
      appConfig('web: python app.py\n'),
    );
    assert.equal(toolchain.name, 'python');
    assert.match(printed, /-----> Python app detected \(requirements\.txt\)/);
    assert.match(printed, /Also found package\.json \(node\): not built, python has priority/);
    assert.match(printed, /\[build\] toolchains = \["node", "python"\]/);
    assert.doesNotMatch(
      printed,
      /generic/,
      'Procfile-only toolchains install nothing: not worth a line',
    );
  });

  it('prefers ruby and php over node (assets), python over ruby', async () => {
    assert.equal((await select({ Gemfile: '', 'package.json': '{}' })).toolchain.name, 'ruby');
    assert.equal(
      (await select({ 'composer.json': '{}', 'package.json': '{}' })).toolchain.name,
      'php',
    );
    assert.equal((await select({ Gemfile: '', 'requirements.txt': '' })).toolchain.name, 'python');
  });
});

describe('hop3.toml [build] toolchains', () => {
  it('parses a list of distinct names, and not together with toolchain', () => {
    assert.deepEqual(
      parseHop3Toml('[build]\ntoolchains = ["node", "python"]\n').build?.toolchains,
      ['node', 'python'],
    );
    assert.throws(() => parseHop3Toml('[build]\ntoolchains = ["node", "node"]\n'), {
      code: 'E_HOP3_TOML',
      message: /must not name a toolchain twice/,
    });
    assert.throws(() => parseHop3Toml('[build]\ntoolchain = "node"\ntoolchains = ["python"]\n'), {
      code: 'E_HOP3_TOML',
      message: /keep one/,
    });
    assert.throws(() => parseHop3Toml('[build]\ntoolchains = []\n'), { code: 'E_HOP3_TOML' });
  });

  it('chains the listed toolchains in order, whatever the markers say', async () => {
    const { toolchain, printed } = await select(
      { 'requirements.txt': '' },
      withToml('[build]\ntoolchains = ["node", "python"]\n'),
    );
    assert.equal(toolchain.name, 'node+python');
    assert.equal(toolchain.title, 'Node.js + Python');
    assert.deepEqual(toolchain.requires, ['node', 'npm', 'python3']);
    assert.match(
      printed,
      /-----> Node\.js \+ Python app \(toolchains listed in hop3\.toml: node, python\)/,
    );
  });

  it('treats a one-name list as a pin, and an unknown name as an error', async () => {
    const one = await select(
      { 'requirements.txt': '' },
      withToml('[build]\ntoolchains = ["node"]\n'),
    );
    assert.equal(one.toolchain.name, 'node');
    assert.match(one.printed, /toolchain pinned in hop3\.toml/);
    await assert.rejects(select({}, withToml('[build]\ntoolchains = ["node", "cobol"]\n')), {
      code: 'E_UNKNOWN_PLUGIN',
    });
  });
});

/** A toolchain that records its cache dir and returns fixed artifact parts. */
function fake(name: string, parts: ArtifactParts, seen: string[]): LoadedToolchain {
  return {
    name,
    priority: 1,
    requires: [name],
    detect: () => null,
    build: (ctx) => {
      seen.push(`${name}:${ctx.cacheDir}`);
      return Promise.resolve(ctx.artifact(parts));
    },
  };
}

describe('a chain build', () => {
  it('builds each toolchain with its own cache dir and merges the artifacts (the last one runs the app)', async () => {
    const seen: string[] = [];
    const first = fake(
      'assets',
      {
        kind: 'node',
        env: { A: '1', NODE_ENV: 'production' },
        path: ['/n/bin'],
        defaultProcesses: [{ name: 'web', kind: 'web', command: 'npm start' }],
        metadata: { n: 1 },
      },
      seen,
    );
    const last = fake(
      'app',
      { kind: 'python', env: { A: '2' }, path: ['/v/bin'], virtualenv: '/v', metadata: { p: 2 } },
      seen,
    );
    const chain = chainToolchains([first, last]);
    const b = testBuild({
      home: root,
      app: 'chain',
      release: 1,
      dir: root,
      toolchain: chain,
      config: appConfig(),
      run: () => Promise.reject(new Error('no commands')),
    });
    const artifact = await chain.build(b.ctx);
    const cache = join(root, 'apps', 'chain', 'cache');
    assert.deepEqual(seen, [`assets:${join(cache, 'assets')}`, `app:${join(cache, 'app')}`]);
    assert.ok(!existsSync(join(cache, 'assets+app')), 'the chain keeps no cache dir of its own');
    assert.equal(artifact.kind, 'python');
    assert.equal(artifact.toolchain, 'assets+app');
    assert.deepEqual(artifact.runtime.env, { A: '2', NODE_ENV: 'production' });
    assert.deepEqual(artifact.runtime.path, ['/v/bin', '/n/bin']);
    assert.equal(artifact.runtime.virtualenv, '/v');
    assert.deepEqual(
      artifact.runtime.processes,
      [{ name: 'web', kind: 'web', command: 'npm start' }],
      'the last toolchain with processes',
    );
    assert.deepEqual(artifact.metadata, {
      toolchains: ['assets', 'app'],
      assets: { n: 1 },
      app: { p: 2 },
    });
    assert.match(b.output(), /Building with assets \(1 of 2\)[\s\S]*Building with app \(2 of 2\)/);
  });

  it('needs at least one artifact to merge', () => {
    assert.throws(() => mergeArtifacts([], [] as BuildArtifact[]));
  });
});
