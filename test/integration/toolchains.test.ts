// Real builds of the sample apps through the node and python toolchains and the local builder:
// cold and cached builds, the artifacts they describe, and failures that keep the tool's words.
import assert from 'node:assert/strict';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { loadAppConfig } from '../../lib/domain/app-config.js';
import { createPaths } from '../../lib/paths.js';
import { run, SYSTEM_PATH } from '../../lib/proc/run.js';
import { which } from '../../lib/proc/which.js';
import type {
  BuildArtifact,
  Hop3Error,
  LanguageToolchain,
  PluginDefinition,
} from '../../lib/sdk.js';
import local from '../../plugins/builders/local/index.js';
import node from '../../plugins/toolchains/node/index.js';
import python from '../../plugins/toolchains/python/index.js';
import {
  fixtureDir,
  loadToolchain,
  pluginDeps,
  testBuild,
  type TestBuild,
} from '../helpers/build-context.js';

const root = mkdtempSync(join(tmpdir(), 'hop3-toolchains-'));
const home = join(root, 'home');
const paths = createPaths(home);
const builder = local(pluginDeps());
after(() => rmSync(root, { recursive: true, force: true }));

before(() => {
  for (const binary of ['node', 'npm', 'python3']) {
    assert.ok(
      which(binary),
      `${binary} is not installed: the toolchain integration tests need it (apt-get install -y nodejs npm python3 python3-venv)`,
    );
  }
});

interface Built extends TestBuild {
  artifact: BuildArtifact;
  dir: string;
  ms: number;
}

/** Copies a sample app into a new release dir (as `git archive` would). */
function release(app: string, id: number, fixture: string): string {
  const dir = paths.release(app, id);
  mkdirSync(dir, { recursive: true });
  cpSync(fixtureDir(fixture), dir, { recursive: true });
  return dir;
}

async function build(
  definition: PluginDefinition<LanguageToolchain>,
  name: string,
  app: string,
  id: number,
  dir: string,
  env?: Record<string, string>,
): Promise<Built> {
  const toolchain = loadToolchain(definition, name);
  const test = testBuild({
    home,
    app,
    release: id,
    dir,
    toolchain,
    config: loadAppConfig(dir),
    ...(env ? { env } : {}),
  });
  const started = performance.now();
  const artifact = await builder.build(test.ctx, toolchain);
  return { ...test, artifact, dir, ms: performance.now() - started };
}

const commandLines = (b: TestBuild): string[] =>
  b.calls.map((c) => [c.file.split('/').pop(), ...c.args].join(' '));

describe('node toolchain (real npm)', () => {
  let cold: Built;

  it('builds node-express cold with npm ci and describes the runtime', async (t: TestContext) => {
    cold = await build(node, 'node', 'node-express', 1, release('node-express', 1, 'node-express'));
    t.diagnostic(`node-express cold build: ${cold.ms.toFixed(0)} ms`);
    assert.ok(commandLines(cold).includes('npm ci'), cold.output());
    assert.equal(cold.artifact.kind, 'node');
    assert.equal(cold.artifact.builder, 'local');
    assert.equal(cold.artifact.toolchain, 'node');
    assert.deepEqual(cold.artifact.runtime.env, { NODE_ENV: 'production' });
    assert.deepEqual(cold.artifact.runtime.path, [join(cold.dir, 'node_modules', '.bin')]);
    assert.deepEqual(cold.artifact.runtime.processes, [
      { name: 'web', kind: 'web', command: 'node server.js' },
    ]);
    assert.ok(lstatSync(join(cold.dir, 'node_modules')).isSymbolicLink());
    const loaded = await run(
      'node',
      ['-e', 'console.log(require("express/package.json").version)'],
      { cwd: cold.dir },
    );
    assert.match(loaded.stdout, /^5\./);
  });

  it('reuses node_modules on the next build of the same lockfile, without npm ci', async (t: TestContext) => {
    const warm = await build(
      node,
      'node',
      'node-express',
      2,
      release('node-express', 2, 'node-express'),
    );
    t.diagnostic(
      `node-express cached build: ${warm.ms.toFixed(0)} ms (cold: ${cold.ms.toFixed(0)} ms)`,
    );
    assert.match(warm.output(), /Reusing node_modules \(cache key [0-9a-f]{16}\)/);
    assert.deepEqual(
      commandLines(warm).filter((l) => l.startsWith('npm')),
      [],
    );
    assert.doesNotMatch(warm.output(), /npm ci/);
    const loaded = await run('node', ['-e', 'require("express")'], { cwd: warm.dir });
    assert.equal(loaded.exitCode, 0);
  });

  it('fails with E_BUILD_FAILED and npm output when a postinstall script exits 1', async () => {
    const dir = paths.release('broken-node', 1);
    mkdirSync(dir, { recursive: true });
    const pkg = {
      name: 'broken-node',
      version: '1.0.0',
      private: true,
      scripts: { postinstall: 'echo hop3-postinstall-boom && exit 1' },
    };
    writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg));
    writeFileSync(join(dir, 'Procfile'), 'web: node server.js\n');
    let output = '';
    await assert.rejects(
      build(node, 'node', 'broken-node', 1, dir).catch((error: unknown) => {
        output = (error as Hop3Error).details ?? '';
        throw error;
      }),
      (error: Hop3Error) => {
        assert.equal(error.code, 'E_BUILD_FAILED');
        assert.match(error.message, /^npm install failed \(exited with code 1\)$/);
        return true;
      },
    );
    assert.match(output, /hop3-postinstall-boom/);
    assert.deepEqual(readdirSync(join(paths.cache('broken-node'), 'node')), []);
  });
});

describe('python toolchain (real venv)', () => {
  let cold: Built;

  it('builds python-wsgi cold into a cached virtualenv and describes the runtime', async (t: TestContext) => {
    cold = await build(
      python,
      'python',
      'python-wsgi',
      1,
      release('python-wsgi', 1, 'python-wsgi'),
    );
    t.diagnostic(`python-wsgi cold build: ${cold.ms.toFixed(0)} ms`);
    const venv = cold.artifact.runtime.virtualenv ?? '';
    assert.ok(venv.startsWith(join(paths.cache('python-wsgi'), 'python')), venv);
    assert.equal(cold.artifact.kind, 'python');
    assert.deepEqual(cold.artifact.runtime.env, {
      VIRTUAL_ENV: venv,
      PYTHONUNBUFFERED: '1',
      PYTHONIOENCODING: 'UTF-8',
    });
    assert.deepEqual(cold.artifact.runtime.path, [join(venv, 'bin')]);
    assert.deepEqual(cold.artifact.runtime.processes, [
      { name: 'wsgi', kind: 'wsgi', command: 'app:application' },
    ]);
    assert.ok(
      !commandLines(cold).some((l) => l.startsWith('pip')),
      'pip must not run for a comment-only requirements.txt',
    );
    const wsgi =
      'import app; print(b"".join(app.application({}, lambda status, headers: None)).decode(), end="")';
    const answer = await run(join(venv, 'bin', 'python'), ['-c', wsgi], {
      cwd: cold.dir,
      env: { GREETING: 'hi' },
    });
    assert.equal(answer.stdout, 'python-wsgi: hi v1\n');
  });

  it('reuses the virtualenv on the next build', async (t: TestContext) => {
    const warm = await build(
      python,
      'python',
      'python-wsgi',
      2,
      release('python-wsgi', 2, 'python-wsgi'),
    );
    t.diagnostic(
      `python-wsgi cached build: ${warm.ms.toFixed(0)} ms (cold: ${cold.ms.toFixed(0)} ms)`,
    );
    assert.match(warm.output(), /Reusing virtualenv \(cache key [0-9a-f]{16}\)/);
    assert.deepEqual(
      commandLines(warm).map((l) => l.split(' ').slice(0, 3).join(' ')),
      ['python3 --version', 'python -m compileall'],
    );
    assert.equal(warm.artifact.runtime.virtualenv, cold.artifact.runtime.virtualenv);
  });

  it('fails with pip words and leaves no cache entry when a requirement cannot be found', async () => {
    const dir = release('broken-python', 1, 'python-wsgi');
    writeFileSync(join(dir, 'requirements.txt'), 'hop3-no-such-package==1.0\n');
    const wheels = join(root, 'no-wheels');
    mkdirSync(wheels, { recursive: true });
    const env = {
      HOME: home,
      PATH: SYSTEM_PATH,
      LANG: 'C.UTF-8',
      PIP_NO_INDEX: '1',
      PIP_FIND_LINKS: wheels,
    };
    await assert.rejects(
      build(python, 'python', 'broken-python', 1, dir, env),
      (error: Hop3Error) => {
        assert.equal(error.code, 'E_BUILD_FAILED');
        assert.equal(error.message, 'pip install -r requirements.txt failed (exited with code 1)');
        assert.match(error.details ?? '', /hop3-no-such-package/);
        return true;
      },
    );
    const cache = join(paths.cache('broken-python'), 'python');
    assert.ok(existsSync(cache));
    assert.deepEqual(readdirSync(cache), []);
  });
});
