// Reads the parts of an app's package.json the node toolchain needs: its scripts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hop3Error } from '../../../lib/sdk.js';

/** The root package's lifecycle scripts that `npm ci` runs, in npm's order. */
export const LIFECYCLE_SCRIPTS = [
  'preinstall',
  'install',
  'postinstall',
  'prepublish',
  'preprepare',
  'prepare',
  'postprepare',
] as const;

/** The `scripts` of the package.json in `dir` (empty when it declares none). */
export function readScripts(dir: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new Hop3Error('E_BUILD_FAILED', `package.json cannot be read: ${why}`, {
      hint: 'fix package.json (it must be valid JSON) and push again',
      cause: error,
    });
  }
  const scripts = typeof parsed === 'object' && parsed !== null ? (parsed as { scripts?: unknown }).scripts : undefined;
  if (typeof scripts !== 'object' || scripts === null) return {};
  return Object.fromEntries(
    Object.entries(scripts as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
}

/** The lifecycle scripts the package defines, in the order npm runs them. */
export function lifecycleScripts(scripts: Record<string, string>): string[] {
  return LIFECYCLE_SCRIPTS.filter((name) => name in scripts);
}
