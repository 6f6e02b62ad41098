// Reads the parts of an app's package.json the node toolchain needs: scripts, engines.node, packageManager.
import { Hop3Error, readSourceFile } from '../../../lib/sdk.js';

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

/** What the toolchain reads from package.json. */
export interface PackageJson {
  scripts: Record<string, string>;
  /** `engines.node`, the Node.js versions the app supports. */
  engines?: string;
  /** `packageManager`, e.g. "pnpm@9.15.9" (corepack honours it). */
  packageManager?: string;
}

function strings(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).filter(
      (e): e is [string, string] => typeof e[1] === 'string',
    ),
  );
}

/** Reads package.json in `dir`; E_BUILD_FAILED when it is not valid JSON. */
export function readPackageJson(dir: string): PackageJson {
  const text = readSourceFile(dir, 'package.json');
  let parsed: unknown;
  try {
    if (text === undefined) throw new Error('no such file');
    parsed = JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new Hop3Error('E_BUILD_FAILED', `package.json cannot be read: ${why}`, {
      hint: 'fix package.json (it must be valid JSON) and push again',
      cause: error,
    });
  }
  const pkg =
    typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  const engines = strings(pkg.engines).node;
  return {
    scripts: strings(pkg.scripts),
    ...(engines === undefined ? {} : { engines }),
    ...(typeof pkg.packageManager === 'string' ? { packageManager: pkg.packageManager } : {}),
  };
}

/** The `scripts` of the package.json in `dir` (empty when it declares none). */
export function readScripts(dir: string): Record<string, string> {
  return readPackageJson(dir).scripts;
}

/** The lifecycle scripts the package defines, in the order npm runs them. */
export function lifecycleScripts(scripts: Record<string, string>): string[] {
  return LIFECYCLE_SCRIPTS.filter((name) => name in scripts);
}
