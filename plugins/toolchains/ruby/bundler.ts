// Bundler for a Ruby build: its environment (gems in a cached GEM_HOME, Debian's installed gems still
// visible), `bundle install`, and the syntax check of the app's Ruby files.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BuildContext } from '../../../lib/sdk.js';

/** Gem groups left out unless BUNDLE_WITHOUT says otherwise. */
export const DEFAULT_WITHOUT = 'development:test';

/**
 * Bundler's environment, at build and at run time. Gems go to GEM_HOME (not BUNDLE_PATH, which would hide
 * the gems Debian installed system-wide); a committed Gemfile.lock is installed frozen.
 */
export function bundlerEnv(
  ctx: Pick<BuildContext, 'env' | 'sourceDir'>,
  gemHome: string,
): Record<string, string> {
  const frozen = existsSync(join(ctx.sourceDir, 'Gemfile.lock')) ? { BUNDLE_FROZEN: 'true' } : {};
  return {
    GEM_HOME: gemHome,
    BUNDLE_GEMFILE: join(ctx.sourceDir, 'Gemfile'),
    BUNDLE_WITHOUT: ctx.env.BUNDLE_WITHOUT ?? DEFAULT_WITHOUT,
    ...frozen,
  };
}

/** The `bundle install` command line (settings come from the environment, so nothing is written to .bundle/). */
export function bundleInstall(): [string, ...string[]] {
  return ['bundle', 'install', '--jobs', '4', '--retry', '2'];
}

// Checks each file with Ruby's own compiler and prints its messages; exits 1 when any file fails.
const CHECK = [
  'bad = false',
  'ARGV.each do |f|',
  '  RubyVM::InstructionSequence.compile_file(f)',
  'rescue SyntaxError => e',
  '  warn e.message',
  '  bad = true',
  'end',
  'exit(bad ? 1 : 0)',
].join('\n');

/** The command line that syntax-checks Ruby files (paths relative to the app). */
export function syntaxCheck(files: readonly string[]): [string, ...string[]] {
  return ['ruby', '-e', CHECK, '--', ...files];
}
