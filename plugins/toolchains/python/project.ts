// How an app declares its Python dependencies, and which installer that means: uv.lock -> uv, Pipfile ->
// pipenv, requirements.txt -> pip -r, pyproject.toml (or setup.py) -> pip install . — ambiguous
// combinations are refused with what to remove.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { Hop3Error, readSourceFile } from '../../../lib/sdk.js';
import { hasRequirements } from './venv.js';

/** The ways hop3 installs Python dependencies. */
export type Installer = 'requirements' | 'project' | 'uv' | 'pipenv' | 'none';

/** What the toolchain installs and which files key its cache. */
export interface PythonProject {
  installer: Installer;
  /** The marker that decided it (printed). */
  marker: string;
  /** Files whose contents decide whether the cached environment can be reused. */
  keyFiles: string[];
  /** The project's name (pyproject.toml), for pip to remove the project itself after installing its dependencies. */
  name?: string;
}

/** What hop3 reads from pyproject.toml. */
interface Pyproject {
  /** [project], [build-system] or [tool.poetry]: it describes something to install. */
  isProject: boolean;
  name?: string;
  /** It lists dependencies ([project] dependencies, dynamic ones, or poetry's). */
  hasDependencies: boolean;
}

/** True when pyproject.toml text describes a project (not just tool settings); cheap, for detection. */
export function describesProject(text: string): boolean {
  return /^\s*\[(project|build-system|tool\.poetry)\]/m.test(text);
}

function table(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Reads pyproject.toml in `dir`; E_BUILD_FAILED when it is not valid TOML. */
function readPyproject(dir: string): Pyproject | undefined {
  const text = readSourceFile(dir, 'pyproject.toml');
  if (text === undefined) return undefined;
  let doc: Record<string, unknown>;
  try {
    doc = parse(text);
  } catch (error) {
    const why = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    throw new Hop3Error('E_BUILD_FAILED', `pyproject.toml is not valid TOML: ${why}`, {
      hint: 'fix pyproject.toml and push again',
      cause: error,
    });
  }
  const project = table(doc.project);
  const poetry = table(table(doc.tool)?.poetry);
  const deps = project?.dependencies;
  const dynamic = Array.isArray(project?.dynamic) && project.dynamic.includes('dependencies');
  const poetryDeps = Object.keys(table(poetry?.dependencies) ?? {}).filter((k) => k !== 'python');
  const name = project?.name ?? poetry?.name;
  return {
    isProject:
      project !== undefined || poetry !== undefined || table(doc['build-system']) !== undefined,
    ...(typeof name === 'string' ? { name } : {}),
    hasDependencies: (Array.isArray(deps) && deps.length > 0) || dynamic || poetryDeps.length > 0,
  };
}

function refuse(found: string, hint: string): Hop3Error {
  return new Hop3Error('E_BUILD_FAILED', `ambiguous Python dependencies: ${found}`, { hint });
}

/** Decides how to install the app in `dir`; refuses setups where two files declare the dependencies. */
export function pythonProject(dir: string): PythonProject {
  const has = (f: string): boolean => existsSync(join(dir, f));
  const requirements =
    has('requirements.txt') && hasRequirements(readSourceFile(dir, 'requirements.txt') ?? '');
  const pyproject = readPyproject(dir);
  const named = pyproject?.name === undefined ? {} : { name: pyproject.name };
  if (has('uv.lock')) {
    const other = ['requirements.txt', 'Pipfile'].filter(has);
    if (other.length > 0)
      throw refuse(
        `uv.lock and ${other.join(' and ')}`,
        `remove ${other.join(' and ')} (uv installs from uv.lock), or remove uv.lock`,
      );
    if (!pyproject)
      throw refuse(
        'uv.lock without pyproject.toml',
        'commit the pyproject.toml that uv.lock was made from',
      );
    return {
      installer: 'uv',
      marker: 'uv.lock',
      keyFiles: ['pyproject.toml', 'uv.lock'],
      ...named,
    };
  }
  if (has('Pipfile')) {
    if (has('requirements.txt'))
      throw refuse(
        'Pipfile and requirements.txt',
        'remove requirements.txt (pipenv installs from Pipfile.lock), or remove Pipfile and Pipfile.lock',
      );
    if (pyproject?.hasDependencies)
      throw refuse(
        'Pipfile and pyproject.toml dependencies',
        'remove the dependencies from pyproject.toml, or remove Pipfile and Pipfile.lock',
      );
    if (!has('Pipfile.lock')) {
      throw new Hop3Error(
        'E_BUILD_FAILED',
        'Pipfile has no Pipfile.lock beside it: hop3 installs exactly what the lock says',
        {
          hint: 'run "pipenv lock" and commit Pipfile.lock',
        },
      );
    }
    return { installer: 'pipenv', marker: 'Pipfile', keyFiles: ['Pipfile', 'Pipfile.lock'] };
  }
  if (requirements && pyproject?.hasDependencies) {
    throw refuse(
      'requirements.txt and pyproject.toml both list dependencies',
      'remove requirements.txt (hop3 then runs "pip install ."), or remove the dependencies from pyproject.toml (hop3 then installs requirements.txt)',
    );
  }
  // A requirements.txt with no requirement in it does not hide a project's pyproject.toml.
  if (has('requirements.txt') && (requirements || !pyproject?.isProject)) {
    return {
      installer: requirements ? 'requirements' : 'none',
      marker: 'requirements.txt',
      keyFiles: ['requirements.txt'],
    };
  }
  if (pyproject?.isProject || has('setup.py')) {
    const marker = pyproject?.isProject ? 'pyproject.toml' : 'setup.py';
    return {
      installer: 'project',
      marker,
      keyFiles: ['pyproject.toml', 'setup.py', 'setup.cfg'],
      ...named,
    };
  }
  return {
    installer: 'none',
    marker: pyproject ? 'pyproject.toml' : '.python-version',
    keyFiles: [],
  };
}
