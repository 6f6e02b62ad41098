// Real cold and cached builds of the ruby, php, pyproject and pnpm samples through detection and buildRelease
// (the cache reused, and said so), and an app whose hop3.toml builds node then python in one release.
import assert from 'node:assert/strict';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { createPaths } from '../../lib/paths.js';
import { run } from '../../lib/proc/run.js';
import type { Services } from '../../lib/pipeline/services.js';
import { fixtureDir } from '../helpers/build-context.js';
import {
  buildServices,
  builtinToolchains,
  pipelineBuild,
  type PipelineBuild,
} from '../helpers/pipeline-build.js';

const root = mkdtempSync(join(tmpdir(), 'hop3-scripted-'));
const home = join(root, 'home');
const paths = createPaths(home);
let s: Services;
after(() => rmSync(root, { recursive: true, force: true }));
before(async () => {
  s = buildServices(home, await builtinToolchains());
});

// This machine's local package index (MACHINE.md): pip install . fetches the build backend from it.
const LOCAL_INDEX = '/opt/pypi/simple';
const PIP_ENV = existsSync(LOCAL_INDEX) ? { PIP_INDEX_URL: `file://${LOCAL_INDEX}` } : {};

function release(app: string, id: number, fixture: string): string {
  const dir = paths.release(app, id);
  mkdirSync(dir, { recursive: true });
  cpSync(fixtureDir(fixture), dir, { recursive: true });
  return dir;
}

async function build(
  app: string,
  id: number,
  fixture: string,
  env?: Record<string, string>,
): Promise<PipelineBuild & { dir: string }> {
  const dir = release(app, id, fixture);
  const built = await pipelineBuild(s, { app, release: id, dir, ...(env ? { env } : {}) });
  if (built.error !== undefined)
    assert.fail(
      `${fixture} build failed: ${built.error instanceof Error ? built.error.message : 'unknown error'}\n${built.output}`,
    );
  return { ...built, dir };
}

const samples = [
  {
    fixture: 'ruby-rack',
    reused: /Reusing gems \(cache key [0-9a-f]{16}\): Gemfile\.lock unchanged/,
    installs: /bundle install/,
  },
  {
    fixture: 'php-app',
    reused: /Reusing vendor\/ \(cache key [0-9a-f]{16}\): composer\.lock unchanged/,
    installs: /composer install/,
  },
  {
    fixture: 'python-pyproject',
    reused: /Reusing virtualenv \(cache key [0-9a-f]{16}\): pyproject\.toml unchanged/,
    installs: /pip install \./,
    env: PIP_ENV,
  },
  {
    fixture: 'node-pnpm',
    reused: /Reusing node_modules \(cache key [0-9a-f]{16}\): pnpm-lock\.yaml unchanged/,
    installs: /pnpm install --frozen-lockfile/,
  },
];

describe('cold and cached builds', () => {
  for (const sample of samples) {
    it(`${sample.fixture}: the second build reuses the dependency cache`, async (t: TestContext) => {
      const cold = await build(sample.fixture, 1, sample.fixture, sample.env);
      assert.match(cold.output, sample.installs);
      const warm = await build(sample.fixture, 2, sample.fixture, sample.env);
      t.diagnostic(
        `${sample.fixture}: cold ${cold.ms.toFixed(0)} ms, cached ${warm.ms.toFixed(0)} ms`,
      );
      assert.match(warm.output, sample.reused);
      assert.doesNotMatch(warm.output, sample.installs);
      assert.deepEqual(
        warm.artifact?.runtime.env,
        JSON.parse(
          JSON.stringify(cold.artifact?.runtime.env).split('/releases/1').join('/releases/2'),
        ),
      );
    });
  }

  it("php-app: the reused vendor/ autoloads the new release's classes", async () => {
    const dir = paths.release('php-app', 2);
    const out = await run(
      'php',
      [
        '-r',
        'require "vendor/autoload.php"; echo (new ReflectionClass("App\\\\Greeting"))->getFileName();',
      ],
      { cwd: dir },
    );
    assert.equal(out.stdout, join(dir, 'src', 'Greeting.php'));
  });
});

describe('hop3.toml [build] toolchains = ["node", "python"]', () => {
  it('builds node (its build script) then python into one artifact run by python', async (t: TestContext) => {
    const first = await build('multi', 1, 'multi-node-python');
    t.diagnostic(`multi-node-python cold build: ${first.ms.toFixed(0)} ms`);
    assert.match(
      first.output,
      /Node\.js \+ Python app \(toolchains listed in hop3\.toml: node, python\)/,
    );
    const order = [
      'Building with Node.js (1 of 2)',
      'npm ci',
      'Running the build script (npm run build)',
      'Building with Python (2 of 2)',
      'Creating a virtualenv',
    ];
    const at = order.map((text) => first.output.indexOf(text));
    assert.ok(
      at.every((i, n) => i >= 0 && (n === 0 || i > (at[n - 1] ?? 0))),
      `steps out of order:\n${first.output}`,
    );
    assert.equal(
      readFileSync(join(first.dir, 'static', 'app.css'), 'utf8'),
      'body { color: navy; }\nh1 { margin: 0; }\n',
    );
    const artifact = first.artifact;
    assert.ok(artifact);
    assert.equal(artifact.kind, 'python');
    assert.equal(artifact.toolchain, 'node+python');
    const venv = artifact.runtime.virtualenv ?? '';
    assert.ok(venv.startsWith(join(paths.cache('multi'), 'python')), venv);
    assert.deepEqual(artifact.runtime.path, [
      join(venv, 'bin'),
      join(first.dir, 'node_modules', '.bin'),
    ]);
    assert.equal(artifact.runtime.env.NODE_ENV, 'production');
    assert.equal(artifact.runtime.env.VIRTUAL_ENV, venv);
    assert.deepEqual(artifact.runtime.processes, [
      { name: 'web', kind: 'web', command: 'python3 -u server.py' },
    ]);
    assert.deepEqual((artifact.metadata as { toolchains?: string[] }).toolchains, [
      'node',
      'python',
    ]);
    assert.ok(lstatSync(join(first.dir, 'node_modules')).isSymbolicLink());
    assert.deepEqual(readdirSync(paths.cache('multi')).sort(), ['node', 'python']);
    const second = await build('multi', 2, 'multi-node-python');
    assert.match(second.output, /Reusing node_modules/);
    assert.match(second.output, /Reusing virtualenv/);
    assert.match(second.output, /Running the build script/);
  });
});
