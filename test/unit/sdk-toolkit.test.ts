// The SDK toolkit (lib/sdk/toolkit), as toolchains use it through hop3/sdk: build steps that keep the tool's
// own words, cache keys and in-place cache entries, build outputs, source files and runnable jars.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  buildEntry,
  COMPLETE_MARKER,
  defaultWeb,
  entryDir,
  executables,
  isComplete,
  matchingLines,
  onPath,
  plain,
  procfileServes,
  query,
  requireMarker,
  requireTool,
  runnableJar,
  runStep,
  sameKey,
  saveKey,
  shellWord,
  sourceFiles,
  type LoadedToolchain,
} from '../../lib/sdk.js';
import { appConfig, testBuild } from '../helpers/build-context.js';

const root = mkdtempSync(join(tmpdir(), 'hop3-toolkit-'));
after(() => rmSync(root, { recursive: true, force: true }));

const toolchain: LoadedToolchain = {
  name: 'kit',
  priority: 1,
  detect: () => null,
  build: () => Promise.reject(new Error('unused')),
};

/** A real build context over a fresh release directory. */
function context(procfile?: string) {
  const dir = mkdtempSync(join(root, 'release-'));
  return {
    dir,
    ...testBuild({
      home: root,
      app: 'kit',
      release: 1,
      dir,
      toolchain,
      config: appConfig(procfile),
    }),
  };
}

const files = (dir: string, entries: Record<string, string>): void => {
  for (const [name, text] of Object.entries(entries)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
};

describe('toolkit: build steps', () => {
  it("runStep streams the output and turns a failure into E_BUILD_FAILED with the tool's first error line", async () => {
    const build = context();
    const ctx = build.ctx;
    const step = {
      label: 'cc',
      file: 'sh',
      args: [
        '-c',
        `echo compiling; echo "${ctx.sourceDir}/x.c:1: error: bad"; echo "x.c:2: error: worse"; exit 2`,
      ],
      errorLines: (out: string) => matchingLines(out, /: error:/, ctx.sourceDir),
      hint: 'fix it',
    };
    await assert.rejects(
      runStep(ctx, step),
      (error: Error & { code?: string; hint?: string; details?: string }) => {
        assert.equal(error.code, 'E_BUILD_FAILED');
        assert.equal(error.message, 'cc failed: x.c:1: error: bad');
        assert.equal(error.hint, 'fix it');
        assert.equal(error.details, 'x.c:1: error: bad\nx.c:2: error: worse');
        return true;
      },
    );
    assert.match(build.output(), /compiling/);
  });

  it('runStep says how the tool failed when no line states the error, and passes step.env', async () => {
    const { ctx } = context();
    await assert.rejects(
      runStep(ctx, {
        label: 'tool',
        file: 'sh',
        args: ['-c', 'test "$KIT" = yes && exit 3'],
        env: { KIT: 'yes' },
        errorLines: () => [],
        hint: 'h',
      }),
      { code: 'E_BUILD_FAILED', message: /^tool failed \(.*3.*\)$/ },
    );
    await runStep(ctx, {
      label: 'tool',
      file: 'sh',
      args: ['-c', 'test "$KIT" = yes'],
      env: { KIT: 'yes' },
      errorLines: () => [],
      hint: 'h',
    });
  });

  it('matchingLines and plain drop escape sequences and make the release relative', () => {
    assert.equal(plain('\x1b[1;31mERROR\x1b[m done'), 'ERROR done');
    assert.deepEqual(matchingLines('ok\n\x1b[31m/r/1/a.go:3: bad\x1b[0m  \n', /bad/, '/r/1'), [
      'a.go:3: bad',
    ]);
  });

  it('query returns the trimmed output, and a failure is E_BUILD_FAILED naming the command', async () => {
    const { ctx } = context();
    assert.equal(await query(ctx, 'sh', ['-c', 'echo " 1.2.3 "']), '1.2.3');
    await assert.rejects(query(ctx, 'sh', ['-c', 'exit 4'], { label: 'version check' }), {
      code: 'E_BUILD_FAILED',
      message: /^version check failed \(/,
    });
  });

  it('requireTool, onPath and requireMarker', () => {
    const { ctx, dir } = context();
    assert.equal(onPath('sh', '/nonexistent:/bin'), '/bin/sh');
    assert.equal(onPath('no-such-tool-kit', ctx.env.PATH), undefined);
    requireTool(ctx, 'sh', 'a shell app', 'apt-get install -y dash');
    assert.throws(() => requireTool(ctx, 'no-such-tool-kit', 'the kit', 'apt-get install -y kit'), {
      code: 'E_BINARY_MISSING',
      message: 'the kit needs "no-such-tool-kit", which is not installed',
      hint: 'apt-get install -y kit',
    });
    assert.throws(() => requireMarker(ctx, 'kit', ['kit.toml', 'kit.json']), {
      code: 'E_BUILD_FAILED',
      message: "the kit toolchain needs kit.toml or kit.json at the app's root",
    });
    files(dir, { 'kit.json': '{}' });
    assert.equal(requireMarker(ctx, 'kit', ['kit.toml', 'kit.json']), 'kit.json');
  });
});

describe('toolkit: caches', () => {
  it('sameKey is true only for the key saveKey recorded', () => {
    const cache = mkdtempSync(join(root, 'cache-'));
    assert.equal(sameKey(cache, 'deps.key', 'abc'), false);
    saveKey(cache, 'deps.key', 'abc');
    assert.equal(sameKey(cache, 'deps.key', 'abc'), true);
    assert.equal(sameKey(cache, 'deps.key', 'abd'), false);
  });

  it('buildEntry marks a filled entry complete and removes a failed one', async () => {
    const cache = mkdtempSync(join(root, 'cache-'));
    await buildEntry(cache, 'k1', 'note', (dir) => {
      writeFileSync(join(dir, 'lib'), 'x');
      return Promise.resolve();
    });
    assert.equal(isComplete(cache, 'k1'), true);
    assert.ok(existsSync(join(entryDir(cache, 'k1'), COMPLETE_MARKER)));
    await assert.rejects(
      buildEntry(cache, 'k2', 'note', () => Promise.reject(new Error('install failed'))),
      /install failed/,
    );
    assert.equal(isComplete(cache, 'k2'), false);
    assert.equal(existsSync(entryDir(cache, 'k2')), false);
  });
});

describe('toolkit: build outputs, source files, jars', () => {
  it('executables lists the executable files, sorted', () => {
    const dir = mkdtempSync(join(root, 'bin-'));
    files(dir, { b: '', a: '', 'notes.txt': '' });
    chmodSync(join(dir, 'a'), 0o755);
    chmodSync(join(dir, 'b'), 0o755);
    assert.deepEqual(executables(dir), ['a', 'b']);
    assert.deepEqual(executables(join(dir, 'missing')), []);
  });

  it('defaultWeb gives a web process unless the Procfile serves HTTP; shellWord quotes what needs it', () => {
    const plainApp = context().ctx;
    const served = context('web: ./server\n').ctx;
    const worker = context('worker: ./jobs\n').ctx;
    assert.deepEqual(defaultWeb(plainApp, 'bin/app'), [
      { name: 'web', kind: 'web', command: 'bin/app' },
    ]);
    assert.deepEqual(defaultWeb(served, 'bin/app'), []);
    assert.deepEqual(defaultWeb(plainApp, undefined), []);
    assert.equal(procfileServes(served), true);
    assert.equal(procfileServes(worker), false);
    assert.equal(shellWord('bin/app-1.0'), 'bin/app-1.0');
    assert.equal(shellWord("my app's"), `'my app'\\''s'`);
  });

  it('sourceFiles skips dependencies and hidden directories', () => {
    const dir = mkdtempSync(join(root, 'src-'));
    files(dir, {
      'a.rb': '',
      'lib/b.rb': '',
      'vendor/c.rb': '',
      'node_modules/d.rb': '',
      '.git/e.rb': '',
      'lib/f.txt': '',
    });
    assert.deepEqual(
      sourceFiles(dir, (n) => n.endsWith('.rb')),
      ['a.rb', 'lib/b.rb'],
    );
  });

  it('runnableJar picks the app jar from the first directory that has one', () => {
    const dir = mkdtempSync(join(root, 'jar-'));
    files(dir, {
      'build/libs/app-plain.jar': '',
      'target/app-1.0.jar': '',
      'target/app-1.0-sources.jar': '',
    });
    assert.equal(runnableJar(dir, ['build/libs', 'target']), 'target/app-1.0.jar');
    assert.equal(runnableJar(dir, ['nowhere']), undefined);
  });
});
