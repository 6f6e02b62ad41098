// The PHP toolchain: `composer install` (when there is a composer.json) with vendor/ cached per
// composer.lock and PHP version, a syntax check of the app's PHP files, and the app served by uWSGI's php
// plugin from its document root (`php: public`) unless the Procfile says otherwise.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  type BuildContext,
  buildEntry,
  defineToolchain,
  entryDir,
  isComplete,
  matchingLines,
  type ProcessDef,
  procfileServes,
  query,
  requireTool,
  runStep,
  sourceFiles,
} from '../../../lib/sdk.js';
import {
  composer,
  composerDumpAutoload,
  composerInstall,
  copyVendor,
  vendorOf,
} from './composer.js';

/** `php: public` when the app has a public/ directory, else `php: .`, unless the Procfile serves HTTP itself. */
export function defaultProcesses(ctx: Pick<BuildContext, 'config' | 'sourceDir'>): ProcessDef[] {
  if (procfileServes(ctx)) return [];
  const pub = join(ctx.sourceDir, 'public');
  const docroot = existsSync(pub) && statSync(pub).isDirectory() ? 'public' : '.';
  return [{ name: 'php', kind: 'php', command: docroot }];
}

/** The cache key of vendor/: composer.json, composer.lock, the PHP version and whether dev packages are left out. */
export function vendorKey(ctx: Pick<BuildContext, 'hash' | 'env'>, phpVersion: string): string {
  return ctx.hash(
    ['composer.json', 'composer.lock'],
    `${phpVersion}\0${ctx.env.COMPOSER_NO_DEV ?? ''}`,
  );
}

// Parses each file with PHP's own parser in one process and prints its messages the way `php -l` does.
const LINT = [
  '$bad = 0;',
  'foreach (array_slice($argv, 1) as $f) {',
  '  try { token_get_all(file_get_contents($f), TOKEN_PARSE); }',
  '  catch (ParseError $e) { fwrite(STDERR, "PHP Parse error: {$e->getMessage()} in $f on line {$e->getLine()}\\n"); $bad = 1; }',
  '}',
  'exit($bad);',
].join('\n');

/** The command line that syntax-checks PHP files (paths relative to the app). */
export function lintCommand(files: readonly string[]): [string, ...string[]] {
  return ['php', '-r', LINT, '--', ...files];
}

/** Installs Composer packages (or reuses the cached vendor/); returns the cache key and whether it was a hit. */
async function installPackages(
  ctx: BuildContext,
  version: string,
): Promise<{ key: string; cached: boolean; vendor: string }> {
  requireTool(ctx, 'composer', 'installing composer.json', 'apt-get install -y composer');
  const key = vendorKey(ctx, version);
  const cachedVendor = vendorOf(entryDir(ctx.cacheDir, key));
  const env = { ...ctx.env, COMPOSER_NO_INTERACTION: '1' };
  const cached = isComplete(ctx.cacheDir, key);
  if (cached) {
    ctx.log.info(`Reusing vendor/ (cache key ${key}): composer.lock unchanged`);
    copyVendor(cachedVendor, vendorOf(ctx.sourceDir));
    await composer(ctx, composerDumpAutoload(env), env);
    return { key, cached, vendor: cachedVendor };
  }
  if (!existsSync(join(ctx.sourceDir, 'composer.lock')))
    ctx.log.warn(
      'no composer.lock: composer resolves package versions now; commit composer.lock for repeatable builds',
    );
  await buildEntry(ctx.cacheDir, key, version, async () => {
    ctx.log.step('Installing packages with composer install');
    await composer(ctx, composerInstall(env), env);
    copyVendor(vendorOf(ctx.sourceDir), cachedVendor);
  });
  return { key, cached, vendor: cachedVendor };
}

/** Parses every PHP file of the app (not vendor/ or node_modules/): a syntax error fails the build. */
async function checkSyntax(ctx: BuildContext): Promise<void> {
  const files = sourceFiles(ctx.sourceDir, (name) => name.endsWith('.php'));
  if (files.length === 0) return;
  ctx.log.step(`Checking PHP syntax (${files.length} file${files.length === 1 ? '' : 's'})`);
  const [file, ...args] = lintCommand(files);
  await runStep(ctx, {
    label: 'php syntax check',
    file,
    args,
    env: ctx.env,
    errorLines: (out) => matchingLines(out, /^PHP Parse error: /, ctx.sourceDir),
    hint: 'fix the syntax error PHP reported above and push again',
  });
}

/** Claims apps with a composer.json or a .php file at the root; installs packages, checks syntax, serves them. */
export default defineToolchain('php', () => ({
  priority: 42,
  requires: ['php'],
  title: 'PHP',
  detect(src) {
    if (src.has('composer.json')) return { reason: 'composer.json' };
    const script = src.list().find((name) => name.endsWith('.php') && !name.includes('/'));
    return script === undefined ? null : { reason: script };
  },
  async build(ctx) {
    const version = await query(ctx, 'php', ['-r', 'echo PHP_VERSION;']);
    const packages = existsSync(join(ctx.sourceDir, 'composer.json'))
      ? await installPackages(ctx, version)
      : undefined;
    await checkSyntax(ctx);
    return ctx.artifact({
      kind: 'php',
      path: packages ? [join(vendorOf(ctx.sourceDir), 'bin')] : [],
      defaultProcesses: defaultProcesses(ctx),
      metadata: {
        phpVersion: version,
        ...(packages
          ? { cacheKey: packages.key, cacheHit: packages.cached, vendorCache: packages.vendor }
          : {}),
      },
    });
  },
}));
