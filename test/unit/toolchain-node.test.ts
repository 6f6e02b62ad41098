// The node toolchain: cache keys, lifecycle scripts, cache entries and its build paths (with a fake runner).
import assert from 'node:assert/strict';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Hop3Error, type RunCommand, type RunResult } from '../../lib/sdk.js';
import { cacheKey, removeStaging, storeModules } from '../../plugins/toolchains/node/cache.js';
import node, { defaultProcesses } from '../../plugins/toolchains/node/index.js';
import { lifecycleScripts } from '../../plugins/toolchains/node/package-json.js';
import { appConfig, loadToolchain, testBuild } from '../helpers/build-context.js';

const root = mkdtempSync(join(tmpdir(), 'hop3-node-unit-'));
after(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;

function sourceDir(files: Record<string, string>): string {
  const dir = join(root, `src-${++counter}`);
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const ok = (stdout = ''): RunResult => ({
  exitCode: 0,
  stdout,
  stderr: '',
  all: stdout,
  durationMs: 1,
});

/** A runner that answers `node --version`, and runs `onNpm` for npm commands. */
function fakeRun(
  onNpm: (args: readonly string[], cwd: string) => void = () => undefined,
): RunCommand {
  return (file, args, options = {}) => {
    if (file === 'node') return Promise.resolve(ok('v20.99.0\n'));
    onNpm(args, options.cwd ?? '');
    return Promise.resolve(ok());
  };
}

function build(
  files: Record<string, string>,
  run: RunCommand,
  app = `app${++counter}`,
  procfile?: string,
) {
  const dir = sourceDir(files);
  const toolchain = loadToolchain(node, 'node');
  const test = testBuild({
    home: root,
    app,
    release: 1,
    dir,
    toolchain,
    config: appConfig(procfile),
    run,
  });
  return { dir, ...test, build: () => toolchain.build(test.ctx) };
}

describe('node cache key', () => {
  it('changes with package-lock.json, package.json, the node version and NODE_ENV, not with app code', () => {
    const dir = sourceDir({
      'package.json': '{"name":"a"}',
      'package-lock.json': '{"v":1}',
      'server.js': 'one',
    });
    const { ctx } = testBuild({
      home: root,
      app: 'keys',
      release: 1,
      dir,
      toolchain: loadToolchain(node, 'node'),
      config: appConfig(),
    });
    const first = cacheKey(ctx, 'v20.0.0');
    assert.match(first, /^[0-9a-f]{16}$/);
    writeFileSync(join(dir, 'server.js'), 'two');
    assert.equal(cacheKey(ctx, 'v20.0.0'), first);
    assert.notEqual(cacheKey(ctx, 'v22.0.0'), first);
    writeFileSync(join(dir, 'package-lock.json'), '{"v":2}');
    const second = cacheKey(ctx, 'v20.0.0');
    assert.notEqual(second, first);
    writeFileSync(join(dir, 'package.json'), '{"name":"b"}');
    const third = cacheKey(ctx, 'v20.0.0');
    assert.notEqual(third, second);
    assert.notEqual(
      cacheKey({ ...ctx, env: { ...ctx.env, NODE_ENV: 'production' } }, 'v20.0.0'),
      third,
    );
  });
});

describe('node package.json', () => {
  it('lists the lifecycle scripts present, in the order npm ci runs them', () => {
    const scripts = { start: 'x', prepare: 'x', postinstall: 'x', preinstall: 'x', test: 'x' };
    assert.deepEqual(lifecycleScripts(scripts), ['preinstall', 'postinstall', 'prepare']);
  });

  it('defaults to "web: npm start" only when the Procfile serves nothing and a start script exists', () => {
    const npmStart = [{ name: 'web', kind: 'web', command: 'npm start' }];
    assert.deepEqual(defaultProcesses({ config: appConfig() }, { start: 'node .' }), npmStart);
    assert.deepEqual(
      defaultProcesses({ config: appConfig('worker: node w.js\n') }, { start: 'node .' }),
      npmStart,
    );
    assert.deepEqual(
      defaultProcesses({ config: appConfig('web: node s.js\n') }, { start: 'node .' }),
      [],
    );
    assert.deepEqual(defaultProcesses({ config: appConfig() }, {}), []);
  });
});

describe('node cache entries', () => {
  it('removes staging leftovers and leaves entries to the release cleanup', () => {
    const cache = join(root, 'prune');
    for (const name of ['a'.repeat(16), 'b'.repeat(16), '.tmp-leftover'])
      mkdirSync(join(cache, name), { recursive: true });
    removeStaging(cache);
    assert.deepEqual(readdirSync(cache).sort(), ['a'.repeat(16), 'b'.repeat(16)]);
  });

  it('stores an empty node_modules when npm installed nothing', () => {
    const cache = join(root, 'store');
    mkdirSync(cache);
    storeModules(cache, 'f'.repeat(16), join(root, 'no-such-node-modules'));
    assert.deepEqual(readdirSync(join(cache, 'f'.repeat(16), 'node_modules')), []);
  });
});

describe('node build', () => {
  it('on a miss runs npm ci, caches node_modules and links the release to it', async () => {
    const npmCalls: string[] = [];
    const b = build(
      { 'package.json': '{"scripts":{"start":"node s.js"}}', 'package-lock.json': '{}' },
      fakeRun((args, cwd) => {
        npmCalls.push(args.join(' '));
        mkdirSync(join(cwd, 'node_modules', 'dep'), { recursive: true });
      }),
    );
    const artifact = await b.build();
    assert.deepEqual(npmCalls, ['ci']);
    const env = b.calls.find((c) => c.file === 'npm')?.options.env ?? {};
    assert.equal(env.npm_config_fund, 'false');
    assert.equal(env.npm_config_cache, join(root, '.npm'));
    const link = join(b.dir, 'node_modules');
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.ok(existsSync(join(readlinkSync(link), 'dep')));
    assert.ok(readlinkSync(link).startsWith(b.ctx.cacheDir));
    assert.equal(artifact.kind, 'node');
    assert.deepEqual(artifact.runtime.env, { NODE_ENV: 'production' });
    assert.deepEqual(artifact.runtime.path, [join(b.dir, 'node_modules', '.bin')]);
    assert.deepEqual(artifact.runtime.processes, [
      { name: 'web', kind: 'web', command: 'npm start' },
    ]);
    assert.match(b.output(), /npm ci/);
  });

  it('on a hit reuses the entry and runs only the root lifecycle scripts', async () => {
    const app = 'hit-app';
    const pkg = '{"scripts":{"postinstall":"echo p","prepare":"echo q","start":"node s.js"}}';
    const first = build(
      { 'package.json': pkg },
      fakeRun((_args, cwd) => mkdirSync(join(cwd, 'node_modules'), { recursive: true })),
      app,
    );
    await first.build();
    const npmCalls: string[] = [];
    const second = build(
      { 'package.json': pkg },
      fakeRun((args) => npmCalls.push(args.join(' '))),
      app,
    );
    await second.build();
    assert.deepEqual(npmCalls, [
      'run --ignore-scripts postinstall',
      'run --ignore-scripts prepare',
    ]);
    assert.match(second.output(), /Reusing node_modules \(cache key [0-9a-f]{16}\)/);
    assert.equal(
      readlinkSync(join(second.dir, 'node_modules')),
      readlinkSync(join(first.dir, 'node_modules')),
    );
  });

  it('names the failed npm command and keeps its last lines', async () => {
    const failing: RunCommand = (file) =>
      file === 'node'
        ? Promise.resolve(ok('v20.99.0\n'))
        : Promise.reject(
            new Hop3Error('E_COMMAND_FAILED', 'npm exited with code 1', {
              details: 'npm error lockfile mismatch',
            }),
          );
    const b = build({ 'package.json': '{}', 'package-lock.json': '{}' }, failing);
    await assert.rejects(b.build(), (error: Hop3Error) => {
      assert.equal(error.code, 'E_BUILD_FAILED');
      assert.equal(error.message, 'npm ci failed (exited with code 1)');
      assert.equal(error.details, 'npm error lockfile mismatch');
      return true;
    });
    assert.deepEqual(readdirSync(b.ctx.cacheDir), []);
  });

  it('rejects an unreadable package.json with E_BUILD_FAILED', async () => {
    const b = build({ 'package.json': '{ not json' }, fakeRun());
    await assert.rejects(b.build(), {
      code: 'E_BUILD_FAILED',
      message: /package\.json cannot be read/,
    });
  });
});
