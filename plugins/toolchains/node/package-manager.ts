// Which package manager installs an app's dependencies, chosen by its lockfile: npm, pnpm or yarn (the last
// two through corepack, which ships with Node.js), and the command lines each one runs.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hop3Error } from '../../../lib/sdk.js';

/** A package manager and how hop3 calls it. */
export interface PackageManager {
  name: 'npm' | 'pnpm' | 'yarn';
  /** The lockfile that chose it, if any. */
  lockfile?: string;
  /** The binary to run: npm itself, or corepack for pnpm and yarn. */
  file: 'npm' | 'corepack';
  /** The arguments that install the dependencies. */
  install: string[];
  /** What the install is called in messages ("npm ci", "pnpm install --frozen-lockfile"). */
  label: string;
  /** The arguments that run a package.json script. */
  runScript(name: string): string[];
}

/** Lockfiles, each naming its package manager. */
export const LOCKFILES = {
  'package-lock.json': 'npm',
  'npm-shrinkwrap.json': 'npm',
  'pnpm-lock.yaml': 'pnpm',
  'yarn.lock': 'yarn',
} as const;

function manager(
  name: PackageManager['name'],
  install: string[],
  lockfile?: string,
): PackageManager {
  const file = name === 'npm' ? 'npm' : 'corepack';
  const prefix = file === 'corepack' ? [name] : [];
  return {
    name,
    ...(lockfile === undefined ? {} : { lockfile }),
    file,
    install: [...prefix, ...install],
    label: [name, ...install].join(' '),
    runScript: (script) => [...prefix, 'run', script],
  };
}

/** Yarn 2+ ("berry") lockfiles start their entries with a __metadata block. */
function isBerry(dir: string): boolean {
  return /^__metadata:/m.test(readFileSync(join(dir, 'yarn.lock'), 'utf8'));
}

/** hop3 caches node_modules: Yarn 2+ must be told to write one instead of its Plug'n'Play files. */
function checkYarnLinker(dir: string): void {
  const rc = join(dir, '.yarnrc.yml');
  const text = existsSync(rc) ? readFileSync(rc, 'utf8') : '';
  if (/^nodeLinker:\s*["']?node-modules["']?\s*$/m.test(text)) return;
  throw new Hop3Error(
    'E_BUILD_FAILED',
    "Yarn 2+ apps must install a node_modules directory (hop3 caches it), not Plug'n'Play files",
    {
      hint: 'add "nodeLinker: node-modules" to .yarnrc.yml, commit it and push again',
    },
  );
}

/** Chooses the package manager by lockfile; refuses several lockfiles of different managers. */
export function choosePackageManager(dir: string): PackageManager {
  const found = (Object.keys(LOCKFILES) as (keyof typeof LOCKFILES)[]).filter((f) =>
    existsSync(join(dir, f)),
  );
  const names = [...new Set(found.map((f) => LOCKFILES[f]))];
  if (names.length > 1) {
    throw new Hop3Error(
      'E_BUILD_FAILED',
      `several package managers' lockfiles found: ${found.join(', ')}`,
      {
        hint: 'keep the lockfile of the package manager you use, delete the others (git rm) and push again',
      },
    );
  }
  const lockfile = found[0];
  switch (lockfile === undefined ? undefined : LOCKFILES[lockfile]) {
    case 'pnpm':
      return manager('pnpm', ['install', '--frozen-lockfile'], lockfile);
    case 'yarn':
      if (!isBerry(dir))
        return manager('yarn', ['install', '--frozen-lockfile', '--non-interactive'], lockfile);
      checkYarnLinker(dir);
      return manager('yarn', ['install', '--immutable'], lockfile);
    case 'npm':
      return manager('npm', ['ci'], lockfile);
    default:
      return manager('npm', ['install']);
  }
}
