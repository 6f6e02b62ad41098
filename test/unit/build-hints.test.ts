// Each build failure gets the hint of its cause: a dependency download that failed on the network
// (recorded tool output fed to the classifier), a static site without static:, Go without go.mod,
// a .python-version naming the system's Python.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Hop3Error, isHop3Error } from '../../lib/errors.js';
import { createReporter } from '../../lib/output/reporter.js';
import { selectToolchain } from '../../lib/pipeline/detect.js';
import { createRegistry, type LoadedPlugin } from '../../lib/plugins/registry.js';
import type { BuildContext, LanguageToolchain, PluginDefinition } from '../../lib/sdk.js';
import { downloadError, type DownloadFailure, runStep } from '../../lib/sdk/toolkit/build-steps.js';
import { goWithoutModule } from '../../lib/sdk/toolkit/source-files.js';
import generic from '../../plugins/toolchains/generic/index.js';
import { GO_DOWNLOAD } from '../../plugins/toolchains/go/index.js';
import { GRADLE_DOWNLOAD, MAVEN_DOWNLOAD } from '../../plugins/toolchains/java/index.js';
import { NPM_DOWNLOAD } from '../../plugins/toolchains/node/npm.js';
import node from '../../plugins/toolchains/node/index.js';
import python from '../../plugins/toolchains/python/index.js';
import { wsgiVersionWarning } from '../../plugins/toolchains/python/interpreter.js';
import { PYPI_DOWNLOAD, runPythonStep } from '../../plugins/toolchains/python/venv.js';
import { RUBYGEMS_DOWNLOAD } from '../../plugins/toolchains/ruby/index.js';
import staticSite from '../../plugins/toolchains/static/index.js';
import { appConfig, fakeSource, pluginDeps } from '../helpers/build-context.js';

const recorded = (name: string): string =>
  readFileSync(join(import.meta.dirname, '..', 'fixtures', 'tool-output', name), 'utf8');

const cases: [string, DownloadFailure, string, RegExp, RegExp][] = [
  [
    'pip-offline.txt',
    PYPI_DOWNLOAD,
    'pip install',
    /Temporary failure in name resolution/,
    /PIP_INDEX_URL/,
  ],
  [
    'go-offline.txt',
    GO_DOWNLOAD,
    'go mod download',
    /dial tcp: lookup proxy\.golang\.org/,
    /GOPROXY/,
  ],
  [
    'maven-offline.txt',
    MAVEN_DOWNLOAD,
    'mvn package',
    /Could not transfer artifact/,
    /<mirror> in settings\.xml/,
  ],
  ['gradle-offline.txt', GRADLE_DOWNLOAD, 'gradle assemble', /Could not GET/, /settings\.gradle/],
  [
    'bundler-offline.txt',
    RUBYGEMS_DOWNLOAD,
    'bundle install',
    /Could not fetch specs/,
    /BUNDLE_MIRROR__RUBYGEMS__ORG/,
  ],
  ['npm-offline.txt', NPM_DOWNLOAD, 'npm ci', /EAI_AGAIN/, /npm_config_registry/],
];

describe('dependency downloads that failed on the network', () => {
  for (const [file, failure, label, line, mirror] of cases) {
    it(`${file}: E_DEPENDENCY_DOWNLOAD naming the network and ${mirror.source}`, () => {
      const error = downloadError(label, recorded(file), failure);
      assert.ok(error, file);
      assert.equal(error.code, 'E_DEPENDENCY_DOWNLOAD');
      assert.match(error.message, new RegExp(`^${label} could not download dependencies from `));
      assert.match(error.message, line);
      assert.match(error.hint ?? '', /could not reach .* \(network, DNS or proxy\)/);
      assert.match(error.hint ?? '', mirror);
      assert.doesNotMatch(error.hint ?? '', /compile error|fix the Gemfile/);
    });
  }

  const notNetwork: [string, DownloadFailure][] = [
    ['pip-no-such-version.txt', PYPI_DOWNLOAD],
    ['go-compile.txt', GO_DOWNLOAD],
    ['maven-compile.txt', MAVEN_DOWNLOAD],
    ['bundler-gemfile.txt', RUBYGEMS_DOWNLOAD],
    ['npm-eresolve.txt', NPM_DOWNLOAD],
  ];
  for (const [file, failure] of notNetwork) {
    it(`${file}: not a network failure, the tool's own error stands`, () => {
      assert.equal(downloadError('tool', recorded(file), failure), undefined);
    });
  }
});

/** A build context whose command prints `output` and fails, as a tool without network would. */
function failingContext(output: string): { ctx: BuildContext; printed: () => string } {
  let printed = '';
  const log = createReporter({ write: (chunk: string) => (printed += chunk) });
  const ctx = {
    sourceDir: '/app',
    log,
    run: (file: string, _args: readonly string[], options: { onLine?: (l: string) => void }) => {
      for (const l of output.split('\n')) options.onLine?.(l);
      return Promise.reject(new Hop3Error('E_COMMAND_FAILED', `${file} exited with code 1`));
    },
  } as unknown as BuildContext;
  return { ctx, printed: () => printed };
}

describe('runStep and runPythonStep classify the failure from the lines the tool printed', () => {
  it('runStep: a Maven download failure is E_DEPENDENCY_DOWNLOAD, not "fix the compile error"', async () => {
    const { ctx, printed } = failingContext(recorded('maven-offline.txt'));
    const step = {
      label: 'mvn package',
      file: 'mvn',
      args: [],
      errorLines: () => [],
      hint: 'fix the compile error shown above',
      download: MAVEN_DOWNLOAD,
    };
    await assert.rejects(runStep(ctx, step), (e) => {
      assert.ok(isHop3Error(e));
      assert.equal(e.code, 'E_DEPENDENCY_DOWNLOAD');
      assert.match(e.hint ?? '', /<mirror>/);
      return true;
    });
    assert.match(printed(), /Scanning for projects/);
    // A compile error keeps its hint.
    const compile = failingContext(recorded('maven-compile.txt'));
    await assert.rejects(runStep(compile.ctx, step), { code: 'E_BUILD_FAILED' });
  });

  it('runPythonStep: pip without the index is E_DEPENDENCY_DOWNLOAD naming PIP_INDEX_URL', async () => {
    const { ctx, printed } = failingContext(recorded('pip-offline.txt'));
    const step = {
      label: 'pip install -r requirements.txt',
      cmd: ['pip', 'install'] as [string, ...string[]],
      hint: () => 'fix requirements.txt',
      download: PYPI_DOWNLOAD,
    };
    await assert.rejects(runPythonStep(ctx, step), (e) => {
      assert.ok(isHop3Error(e));
      assert.equal(e.code, 'E_DEPENDENCY_DOWNLOAD');
      assert.match(e.hint ?? '', /PIP_INDEX_URL/);
      return true;
    });
    assert.match(printed(), /No matching distribution found/);
    const typo = failingContext(recorded('pip-no-such-version.txt'));
    await assert.rejects(runPythonStep(typo.ctx, step), {
      code: 'E_BUILD_FAILED',
      hint: 'fix requirements.txt',
    });
  });
});

const definitions: [string, PluginDefinition<LanguageToolchain>][] = [
  ['node', node],
  ['python', python],
  ['static', staticSite],
  ['generic', generic],
];
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

async function select(files: Record<string, string>, procfile?: string): Promise<unknown> {
  const log = createReporter({ write: () => undefined });
  return selectToolchain(registry, fakeSource(files), appConfig(procfile), log);
}

describe('what nothing claims', () => {
  it('a plain index.html site: E_NO_TOOLCHAIN with a hint about "static:"', async () => {
    await assert.rejects(select({ 'index.html': '<h1>hi</h1>' }), {
      code: 'E_NO_TOOLCHAIN',
      message: /index\.html looks like a static site/,
      hint: /Procfile with the line "static: \."/,
    });
    await assert.rejects(select({ 'public/index.html': '', 'README.md': '' }), {
      code: 'E_NO_TOOLCHAIN',
      hint: /"static: public"/,
    });
  });

  it('anything else keeps the general hint', async () => {
    await assert.rejects(select({ 'README.md': '' }), {
      code: 'E_NO_TOOLCHAIN',
      hint: /add a Procfile/,
    });
  });

  it('Go sources without go.mod: E_NO_GO_MOD naming go mod init', async () => {
    await assert.rejects(select({ 'main.go': 'package main\n' }), {
      code: 'E_NO_GO_MOD',
      message: /Go sources \(main\.go\) but no go\.mod/,
      hint: /go mod init/,
    });
    assert.equal(goWithoutModule(['go.mod', 'main.go']), undefined);
    // A Procfile app (the generic toolchain claims it) fails at build, not with "web: not found" at start.
    const dir = mkdtempSync(join(tmpdir(), 'hop3-go-nomod-'));
    writeFileSync(join(dir, 'main.go'), 'package main\n');
    const ctx = { sourceDir: dir, log: createReporter({ write: () => undefined }) };
    await assert.rejects(generic(pluginDeps()).build(ctx as unknown as BuildContext), {
      code: 'E_NO_GO_MOD',
    });
    rmSync(dir, { recursive: true, force: true });
    assert.equal(goWithoutModule(['app.py']), undefined);
  });
});

describe('.python-version and wsgi processes', () => {
  const wanted = { minor: '3.12', text: '3.12.3', source: '.python-version' };
  it('does not warn when it names the system python3', () => {
    assert.equal(wsgiVersionWarning(wanted, 'Python 3.12.3'), undefined);
  });
  it('warns, naming the system version, when it names another', () => {
    assert.match(
      wsgiVersionWarning(wanted, 'Python 3.11.2') ?? '',
      /built for the system's python3 \(3\.11\): \.python-version must name that version/,
    );
  });
});
