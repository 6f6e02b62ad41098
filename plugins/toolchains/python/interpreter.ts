// Which Python runs an app: the one PYTHON_VERSION (a config var) or .python-version asks for, among the
// python3.N interpreters on the build PATH; python3 when neither asks.
import { accessSync, constants, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Hop3Error, readSourceFile } from '../../../lib/sdk.js';

/** A Python version an app asks for. */
export interface WantedPython {
  /** "3.11". */
  minor: string;
  /** What was written ("3.11.4"). */
  text: string;
  /** Where it was written ("PYTHON_VERSION", ".python-version"). */
  source: string;
}

/** One interpreter found on the PATH. */
export interface InstalledPython {
  minor: string;
  binary: string;
}

const VERSION = /^(?:python|cpython-?)?(\d+)\.(\d+)(?:\.\d+)?(?:[a-z0-9.+-]*)$/i;

/** The version asked for by PYTHON_VERSION (first) or the first line of .python-version, if any. */
export function wantedPython(env: Record<string, string>, dir: string): WantedPython | undefined {
  const fromFile = readSourceFile(dir, '.python-version')
    ?.split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .find(Boolean);
  const [text, source] = env.PYTHON_VERSION
    ? [env.PYTHON_VERSION.trim(), 'PYTHON_VERSION']
    : [fromFile, '.python-version'];
  if (text === undefined) return undefined;
  const m = VERSION.exec(text);
  if (!m) {
    throw new Hop3Error(
      'E_BUILD_FAILED',
      `${source} says ${JSON.stringify(text)}, which is not a Python version like 3.11`,
      {
        hint: `write the wanted version as "3.11" (or "3.11.2") in ${source}`,
      },
    );
  }
  return { minor: `${m[1] ?? ''}.${m[2] ?? ''}`, text, source };
}

/** The python3.N interpreters on a PATH (the first of each version), newest first. */
export function installedPythons(path: string | undefined): InstalledPython[] {
  const found = new Map<string, string>();
  for (const dir of (path ?? '').split(':').filter(Boolean)) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const m = /^python(3\.\d+)$/.exec(name);
      if (!m?.[1] || found.has(m[1])) continue;
      try {
        accessSync(join(dir, name), constants.X_OK);
        found.set(m[1], join(dir, name));
      } catch {
        // not executable
      }
    }
  }
  const minor = (v: string): number => Number(v.split('.')[1]);
  return [...found]
    .map(([v, binary]) => ({ minor: v, binary }))
    .sort((a, b) => minor(b.minor) - minor(a.minor));
}

/** The interpreter to build with: python3.N when asked for and installed, python3 when nothing is asked. */
export function chooseInterpreter(
  wanted: WantedPython | undefined,
  installed: readonly InstalledPython[],
): string {
  if (wanted === undefined) return 'python3';
  const match = installed.find((p) => p.minor === wanted.minor);
  if (match) return match.binary;
  const list = installed.map((p) => `${p.minor} (${p.binary})`).join(', ') || 'none';
  throw new Hop3Error(
    'E_BINARY_MISSING',
    `Python ${wanted.minor} is asked for (${wanted.source}: ${wanted.text}) but not installed; installed: ${list}`,
    {
      hint: `install python${wanted.minor} on the server, or ask for an installed version in ${wanted.source}${installed[0] ? ` (e.g. ${installed[0].minor})` : ''}`,
    },
  );
}

/**
 * The warning for wsgi processes when the app asks for a Python other than the system's python3 (uWSGI's
 * python3 plugin is built for that one); undefined when it asks for the system's own version.
 */
export function wsgiVersionWarning(
  wanted: WantedPython,
  systemVersion: string,
): string | undefined {
  const m = /(\d+)\.(\d+)/.exec(systemVersion);
  const system = m ? `${m[1] ?? ''}.${m[2] ?? ''}` : undefined;
  if (system === wanted.minor) return undefined;
  return `wsgi processes run inside uWSGI's python3 plugin, built for the system's python3${system ? ` (${system})` : ''}: ${wanted.source} must name that version`;
}
