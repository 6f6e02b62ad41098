// Composer for a PHP build: `composer install` into the release's vendor/, a copy of it kept per
// composer.lock, and the autoloader regenerated when the copy is reused (the app's own classes change).
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type BuildContext, matchingLines, runStep } from '../../../lib/sdk.js';

const QUIET = ['--no-interaction', '--no-ansi'];

/** The `composer install` command line: no dev packages (unless COMPOSER_NO_DEV=0), an optimized autoloader. */
export function composerInstall(env: Record<string, string>): [string, ...string[]] {
  const dev = env.COMPOSER_NO_DEV === '0' ? [] : ['--no-dev'];
  return [
    'composer',
    'install',
    ...dev,
    ...QUIET,
    '--no-progress',
    '--prefer-dist',
    '--optimize-autoloader',
  ];
}

/** The `composer dump-autoload` command line that rebuilds the class map for this release's sources. */
export function composerDumpAutoload(env: Record<string, string>): [string, ...string[]] {
  const dev = env.COMPOSER_NO_DEV === '0' ? [] : ['--no-dev'];
  return ['composer', 'dump-autoload', ...dev, ...QUIET, '--optimize'];
}

/** Runs a composer command; a failure keeps composer's own first error line. */
export async function composer(
  ctx: BuildContext,
  cmd: [string, ...string[]],
  env: Record<string, string>,
): Promise<void> {
  const [file, ...args] = cmd;
  await runStep(ctx, {
    label: `composer ${args[0] ?? ''}`,
    file,
    args,
    env,
    errorLines: (out) =>
      matchingLines(
        out,
        /(Your requirements could not be resolved|Problem \d+|\[\w+Exception\]|Error:|is not valid|does not match the expected JSON schema)/,
        ctx.sourceDir,
      ),
    hint: 'fix composer.json (and composer.lock: run "composer update" locally and commit it) and push again',
  });
}

/** Copies a vendor/ directory (symlinks kept as they are), replacing any at the destination. */
export function copyVendor(from: string, to: string): void {
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
}

/** Where a release keeps its Composer packages. */
export const vendorOf = (dir: string): string => join(dir, 'vendor');
