// The php toolchain: detection, composer and lint command lines, the cache key, the default document root,
// and its build paths with a fake runner.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { SYSTEM_PATH } from '../../lib/proc/run.js';
import { Hop3Error, type RunCommand, type RunResult } from '../../lib/sdk.js';
import { composerDumpAutoload, composerInstall } from '../../plugins/toolchains/php/composer.js';
import php, {
  defaultProcesses,
  lintCommand,
  vendorKey,
} from '../../plugins/toolchains/php/index.js';
import { appConfig, fakeSource, loadToolchain, testBuild } from '../helpers/build-context.js';

const root = mkdtempSync(join(tmpdir(), 'hop3-php-unit-'));
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

/** A runner answering the PHP version query; composer install writes a vendor/; every call is recorded. */
function fakeRun(
  calls: string[],
  fail?: (file: string, args: readonly string[]) => Hop3Error | undefined,
): RunCommand {
  return (file, args, options = {}) => {
    if (args[0] === '-r' && args[1] === 'echo PHP_VERSION;') return Promise.resolve(ok('8.2.36'));
    calls.push([file, args[0] === '-r' ? '-r' : args.join(' ')].join(' '));
    const error = fail?.(file, args);
    if (error) return Promise.reject(error);
    if (file === 'composer' && args[0] === 'install')
      mkdirSync(join(options.cwd ?? '', 'vendor', 'composer'), { recursive: true });
    return Promise.resolve(ok());
  };
}

function build(
  files: Record<string, string>,
  run: RunCommand,
  opts: { app?: string; procfile?: string; path?: string } = {},
) {
  const dir = sourceDir(files);
  const toolchain = loadToolchain(php, 'php');
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

const APP = {
  'composer.json': '{"require":{}}',
  'composer.lock': '{"packages":[]}',
  'public/index.php': '<?php echo 1;\n',
  'src/A.php': '<?php\n',
};

describe('php detection and defaults', () => {
  it('claims a composer.json or a .php file at the root, and nothing else', () => {
    const t = loadToolchain(php, 'php');
    assert.deepEqual(
      t.detect(fakeSource({ 'composer.json': '{}', 'index.php': '' }), appConfig()),
      { reason: 'composer.json' },
    );
    assert.deepEqual(t.detect(fakeSource({ 'README.md': '', 'index.php': '' }), appConfig()), {
      reason: 'index.php',
    });
    assert.equal(t.detect(fakeSource({ 'public/index.php': '' }), appConfig()), null);
    assert.equal(t.priority, 42);
  });

  it('serves public/ when it exists, else the app root, unless the Procfile serves HTTP', () => {
    assert.deepEqual(
      defaultProcesses({ sourceDir: sourceDir({ 'public/index.php': '' }), config: appConfig() }),
      [{ name: 'php', kind: 'php', command: 'public' }],
    );
    assert.deepEqual(
      defaultProcesses({ sourceDir: sourceDir({ 'index.php': '' }), config: appConfig() }),
      [{ name: 'php', kind: 'php', command: '.' }],
    );
    assert.deepEqual(
      defaultProcesses({
        sourceDir: sourceDir({ 'index.php': '' }),
        config: appConfig('web: php -S 127.0.0.1:$PORT\n'),
      }),
      [],
    );
  });
});

describe('composer and lint command lines', () => {
  it('installs without dev packages unless COMPOSER_NO_DEV=0, with an optimized autoloader', () => {
    assert.deepEqual(composerInstall({}), [
      'composer',
      'install',
      '--no-dev',
      '--no-interaction',
      '--no-ansi',
      '--no-progress',
      '--prefer-dist',
      '--optimize-autoloader',
    ]);
    assert.ok(!composerInstall({ COMPOSER_NO_DEV: '0' }).includes('--no-dev'));
    assert.deepEqual(composerDumpAutoload({}), [
      'composer',
      'dump-autoload',
      '--no-dev',
      '--no-interaction',
      '--no-ansi',
      '--optimize',
    ]);
  });

  it("lints every file in one php process with PHP's own parser", () => {
    const [file, flag, code, dashes, ...files] = lintCommand(['index.php', 'src/A.php']);
    assert.deepEqual([file, flag, dashes], ['php', '-r', '--']);
    assert.match(code ?? '', /token_get_all\(.*TOKEN_PARSE\)/);
    assert.deepEqual(files, ['index.php', 'src/A.php']);
  });

  it('keys vendor/ by composer.json, composer.lock, the PHP version and COMPOSER_NO_DEV', () => {
    const dir = sourceDir(APP);
    const { ctx } = testBuild({
      home: root,
      app: 'keys',
      release: 1,
      dir,
      toolchain: loadToolchain(php, 'php'),
      config: appConfig(),
    });
    const key = vendorKey(ctx, '8.2.36');
    writeFileSync(join(dir, 'src', 'A.php'), '<?php // changed\n');
    assert.equal(vendorKey(ctx, '8.2.36'), key);
    assert.notEqual(vendorKey(ctx, '8.3.0'), key);
    assert.notEqual(
      vendorKey({ ...ctx, env: { ...ctx.env, COMPOSER_NO_DEV: '0' } }, '8.2.36'),
      key,
    );
    writeFileSync(join(dir, 'composer.lock'), '{}');
    assert.notEqual(vendorKey(ctx, '8.2.36'), key);
  });
});

describe('php build', () => {
  it('installs with composer and caches vendor/; the next build copies it back and regenerates the autoloader', async () => {
    const calls: string[] = [];
    const first = build(APP, fakeRun(calls), { app: 'cached' });
    const artifact = await first.build();
    assert.deepEqual(calls, [`composer ${composerInstall({}).slice(1).join(' ')}`, 'php -r']);
    assert.equal(artifact.kind, 'php');
    assert.deepEqual(artifact.runtime.processes, [{ name: 'php', kind: 'php', command: 'public' }]);
    assert.deepEqual(artifact.runtime.path, [join(first.dir, 'vendor', 'bin')]);
    const second = build(APP, fakeRun(calls), { app: 'cached' });
    await second.build();
    assert.deepEqual(calls.slice(2), [
      `composer ${composerDumpAutoload({}).slice(1).join(' ')}`,
      'php -r',
    ]);
    assert.ok(existsSync(join(second.dir, 'vendor', 'composer')));
    assert.match(
      second.output(),
      /Reusing vendor\/ \(cache key [0-9a-f]{16}\): composer\.lock unchanged/,
    );
  });

  it("fails with PHP's words on a syntax error, and keeps no cache entry when composer fails", async () => {
    const parse = 'PHP Parse error: syntax error, unexpected token "}" in src/A.php on line 2';
    const lint = build(
      APP,
      fakeRun([], (file) =>
        file === 'php'
          ? new Hop3Error('E_COMMAND_FAILED', 'php exited with code 1', { details: parse })
          : undefined,
      ),
    );
    await assert.rejects(lint.build(), { code: 'E_BUILD_FAILED' });
    const broken = build(
      APP,
      fakeRun([], (file) =>
        file === 'composer'
          ? new Hop3Error('E_COMMAND_FAILED', 'composer exited with code 2')
          : undefined,
      ),
    );
    await assert.rejects(broken.build(), {
      code: 'E_BUILD_FAILED',
      message: /composer install failed/,
    });
    assert.deepEqual(readdirSync(broken.ctx.cacheDir), []);
  });

  it('names the composer package when composer is missing; needs no composer without composer.json', async () => {
    await assert.rejects(build(APP, fakeRun([]), { path: join(root, 'empty-bin') }).build(), {
      code: 'E_BINARY_MISSING',
      hint: 'apt-get install -y composer',
    });
    const calls: string[] = [];
    const plain = await build({ 'index.php': '<?php echo 1;\n' }, fakeRun(calls), {
      path: join(root, 'empty-bin'),
    }).build();
    assert.deepEqual(calls, ['php -r']);
    assert.deepEqual(plain.runtime.processes, [{ name: 'php', kind: 'php', command: '.' }]);
  });
});
