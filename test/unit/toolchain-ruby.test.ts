// The ruby toolchain: detection, bundler's environment and command lines, the cache key, default processes,
// and its build paths with a fake runner.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { SYSTEM_PATH } from '../../lib/proc/run.js';
import { Hop3Error, type RunCommand, type RunResult } from '../../lib/sdk.js';
import { bundleInstall, bundlerEnv, syntaxCheck } from '../../plugins/toolchains/ruby/bundler.js';
import ruby, { defaultProcesses, gemsKey } from '../../plugins/toolchains/ruby/index.js';
import { appConfig, fakeSource, loadToolchain, testBuild } from '../helpers/build-context.js';

const root = mkdtempSync(join(tmpdir(), 'hop3-ruby-unit-'));
after(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;

const ok = (stdout = ''): RunResult => ({
  exitCode: 0,
  stdout,
  stderr: '',
  all: stdout,
  durationMs: 1,
});

function sourceDir(files: Record<string, string>): string {
  const dir = join(root, `src-${++counter}`);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** A runner answering `ruby --version`; other commands are recorded. */
function fakeRun(calls: string[], fail?: (file: string) => Hop3Error | undefined): RunCommand {
  return (file, args, options = {}) => {
    if (args[0] === '--version')
      return Promise.resolve(
        ok('ruby 3.1.2p20 (2022-04-12 revision 4491bb740a) [x86_64-linux-gnu]\n'),
      );
    calls.push(
      [file, ...args.filter((a) => !a.includes('\n'))].join(' ') +
        ` GEM_HOME=${options.env?.GEM_HOME ?? '-'}`,
    );
    const error = fail?.(file);
    return error ? Promise.reject(error) : Promise.resolve(ok());
  };
}

function build(
  files: Record<string, string>,
  run: RunCommand,
  opts: { app?: string; procfile?: string; path?: string } = {},
) {
  const dir = sourceDir(files);
  const toolchain = loadToolchain(ruby, 'ruby');
  const env = { HOME: root, PATH: opts.path ?? SYSTEM_PATH, LANG: 'C.UTF-8' };
  const test = testBuild({
    home: root,
    app: opts.app ?? `app${++counter}`,
    release: 1,
    dir,
    toolchain,
    config: appConfig(opts.procfile),
    run,
    env,
  });
  return { dir, ...test, build: () => toolchain.build(test.ctx) };
}

const GEMS = {
  Gemfile: "source 'https://rubygems.org'\ngem 'rack'\n",
  'Gemfile.lock': 'GEM\n  specs:\n    rack (2.2.22)\n',
  'config.ru': 'run App\n',
};

describe('ruby detection and defaults', () => {
  it('claims a Gemfile, or a bare config.ru, and nothing else', () => {
    const t = loadToolchain(ruby, 'ruby');
    assert.deepEqual(t.detect(fakeSource({ Gemfile: '' }), appConfig()), { reason: 'Gemfile' });
    assert.deepEqual(t.detect(fakeSource({ 'config.ru': '' }), appConfig()), {
      reason: 'config.ru',
    });
    assert.equal(t.detect(fakeSource({ 'app.rb': '' }), appConfig()), null);
    assert.equal(t.priority, 45);
  });

  it('serves config.ru with the rack plugin unless the Procfile serves HTTP', () => {
    const dir = sourceDir({ 'config.ru': 'run App\n' });
    assert.deepEqual(defaultProcesses({ sourceDir: dir, config: appConfig() }), [
      { name: 'rwsgi', kind: 'rwsgi', command: 'config.ru' },
    ]);
    assert.deepEqual(
      defaultProcesses({ sourceDir: dir, config: appConfig('worker: ruby w.rb\n') }).length,
      1,
    );
    assert.deepEqual(
      defaultProcesses({ sourceDir: dir, config: appConfig('web: bundle exec puma -p $PORT\n') }),
      [],
    );
    assert.deepEqual(
      defaultProcesses({ sourceDir: sourceDir({ 'app.rb': '' }), config: appConfig() }),
      [],
    );
  });
});

describe('bundler', () => {
  it('installs into GEM_HOME (Debian gems stay visible), frozen when Gemfile.lock exists, without dev/test groups', () => {
    const locked = sourceDir(GEMS);
    assert.deepEqual(bundlerEnv({ sourceDir: locked, env: {} }, '/c/gems'), {
      GEM_HOME: '/c/gems',
      BUNDLE_GEMFILE: join(locked, 'Gemfile'),
      BUNDLE_WITHOUT: 'development:test',
      BUNDLE_FROZEN: 'true',
    });
    const unlocked = bundlerEnv(
      { sourceDir: sourceDir({ Gemfile: '' }), env: { BUNDLE_WITHOUT: 'test' } },
      '/c/gems',
    );
    assert.equal(unlocked.BUNDLE_FROZEN, undefined);
    assert.equal(unlocked.BUNDLE_WITHOUT, 'test');
    assert.deepEqual(bundleInstall(), ['bundle', 'install', '--jobs', '4', '--retry', '2']);
  });

  it('checks syntax with Ruby\'s own compiler, files after "--"', () => {
    const [file, flag, code, dashes, ...files] = syntaxCheck(['config.ru', 'lib/a.rb']);
    assert.equal(file, 'ruby');
    assert.equal(flag, '-e');
    assert.match(code ?? '', /RubyVM::InstructionSequence\.compile_file/);
    assert.equal(dashes, '--');
    assert.deepEqual(files, ['config.ru', 'lib/a.rb']);
  });

  it('keys the gems by Gemfile, Gemfile.lock, the Ruby version and BUNDLE_WITHOUT', () => {
    const dir = sourceDir(GEMS);
    const { ctx } = testBuild({
      home: root,
      app: 'keys',
      release: 1,
      dir,
      toolchain: loadToolchain(ruby, 'ruby'),
      config: appConfig(),
    });
    const key = gemsKey(ctx, 'ruby 3.1.2p20');
    writeFileSync(join(dir, 'app.rb'), 'changed');
    assert.equal(gemsKey(ctx, 'ruby 3.1.2p20'), key);
    assert.notEqual(gemsKey(ctx, 'ruby 3.2.0'), key);
    assert.notEqual(
      gemsKey({ ...ctx, env: { ...ctx.env, BUNDLE_WITHOUT: 'test' } }, 'ruby 3.1.2p20'),
      key,
    );
    writeFileSync(join(dir, 'Gemfile.lock'), 'other');
    assert.notEqual(gemsKey(ctx, 'ruby 3.1.2p20'), key);
  });
});

describe('ruby build', () => {
  it('installs the bundle into a cache entry, checks syntax, then reuses the entry', async () => {
    const calls: string[] = [];
    const first = build(GEMS, fakeRun(calls), { app: 'cached' });
    const artifact = await first.build();
    const gemHome = artifact.runtime.env.GEM_HOME ?? '';
    assert.ok(gemHome.startsWith(first.ctx.cacheDir) && gemHome.endsWith('/gems'), gemHome);
    assert.deepEqual(calls, [
      `bundle install --jobs 4 --retry 2 GEM_HOME=${gemHome}`,
      `ruby -e -- config.ru GEM_HOME=-`,
    ]);
    assert.equal(artifact.kind, 'ruby');
    assert.deepEqual(artifact.runtime.path, [join(gemHome, 'bin')]);
    assert.deepEqual(artifact.runtime.processes, [
      { name: 'rwsgi', kind: 'rwsgi', command: 'config.ru' },
    ]);
    const again = build(GEMS, fakeRun(calls), { app: 'cached' });
    await again.build();
    assert.equal(calls.length, 3);
    assert.match(
      again.output(),
      /Reusing gems \(cache key [0-9a-f]{16}\): Gemfile\.lock unchanged/,
    );
  });

  it("keeps bundler's words and no cache entry when bundle install fails", async () => {
    const failing = fakeRun([], (file) =>
      file === 'bundle'
        ? new Hop3Error('E_COMMAND_FAILED', 'bundle exited with code 7', {
            details: "Could not find gem 'nope' in locally installed gems.",
          })
        : undefined,
    );
    const b = build(GEMS, failing);
    await assert.rejects(b.build(), (error: Hop3Error) => {
      assert.equal(error.code, 'E_BUILD_FAILED');
      assert.match(error.hint ?? '', /Gemfile/);
      return true;
    });
    assert.deepEqual(readdirSync(b.ctx.cacheDir), []);
  });

  it('names ruby-bundler when bundle is missing', async () => {
    const b = build(GEMS, fakeRun([]), { path: join(root, 'empty-bin') });
    await assert.rejects(b.build(), {
      code: 'E_BINARY_MISSING',
      message: /"bundle"/,
      hint: 'apt-get install -y ruby-bundler',
    });
  });

  it("builds an app without a Gemfile with the server's gems", async () => {
    const calls: string[] = [];
    const b = build({ 'config.ru': 'run App\n' }, fakeRun(calls));
    const artifact = await b.build();
    assert.deepEqual(artifact.runtime.env, {});
    assert.match(b.output(), /No Gemfile/);
  });
});
