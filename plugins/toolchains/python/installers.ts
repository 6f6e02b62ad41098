// The command lines that install an app's declared dependencies into its virtualenv: pip install . (then
// the project itself is removed: the app runs from its release), uv sync and pipenv install.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Hop3Error, type BuildContext } from '../../../lib/sdk.js';
import type { PythonProject } from './project.js';
import {
  installRequirements,
  PYPI_DOWNLOAD,
  runPythonStep,
  venvEnv,
  type PythonStep,
} from './venv.js';

const PIP = ['install', '--disable-pip-version-check', '--no-input'];

/** `pip install .` (dependencies and the project), then `pip uninstall -y <name>` when the name is known. */
export function pipProjectSteps(
  venv: string,
  env: Record<string, string>,
  name?: string,
): PythonStep[] {
  const pip = join(venv, 'bin', 'pip');
  const steps: PythonStep[] = [
    {
      label: 'pip install .',
      cmd: [pip, ...PIP, '.'],
      env,
      download: PYPI_DOWNLOAD,
      hint: () =>
        'fix pyproject.toml (or the package index set by PIP_INDEX_URL, which must also hold the build backend) and push again',
    },
  ];
  if (name !== undefined) {
    steps.push({
      label: `pip uninstall ${name}`,
      cmd: [pip, 'uninstall', '--disable-pip-version-check', '-y', name],
      env,
      hint: () => 'push again',
    });
  }
  return steps;
}

/** `uv sync` of exactly uv.lock, without dev dependencies or the project itself, into the virtualenv. */
export function uvSyncStep(
  uv: string,
  venv: string,
  python: string,
  env: Record<string, string>,
): PythonStep {
  return {
    label: 'uv sync',
    cmd: [uv, 'sync', '--frozen', '--no-dev', '--no-install-project', '--python', python],
    env: { ...env, UV_PROJECT_ENVIRONMENT: venv, UV_NO_PROGRESS: '1' },
    download: PYPI_DOWNLOAD,
    hint: () =>
      'fix pyproject.toml and uv.lock ("uv lock" locally, then commit uv.lock) and push again',
  };
}

/** `pipenv install --deploy` (refuses a Pipfile.lock out of date with Pipfile) into the active virtualenv. */
export function pipenvStep(pipenv: string, venv: string, env: Record<string, string>): PythonStep {
  return {
    label: 'pipenv install --deploy',
    cmd: [pipenv, 'install', '--deploy'],
    env: { ...env, PIPENV_VERBOSITY: '-1', PIPENV_NOSPIN: '1', PIPENV_YES: '1', VIRTUAL_ENV: venv },
    download: PYPI_DOWNLOAD,
    hint: () =>
      'fix Pipfile and Pipfile.lock ("pipenv lock" locally, then commit Pipfile.lock) and push again',
  };
}

/** Removes what building the project left in the release (setuptools' build/ and *.egg-info), not what was there. */
export function removeBuildLeftovers(dir: string, before: ReadonlySet<string>): void {
  for (const name of readdirSync(dir)) {
    if (!before.has(name) && (name === 'build' || name.endsWith('.egg-info')))
      rmSync(join(dir, name), { recursive: true, force: true });
  }
}

/** The absolute path of a tool on the build PATH; E_BINARY_MISSING naming `hint` when it is not installed. */
export function findTool(
  ctx: Pick<BuildContext, 'env'>,
  binary: string,
  why: string,
  hint: string,
): string {
  const dir = (ctx.env.PATH ?? '').split(':').find((d) => d && existsSync(join(d, binary)));
  if (dir !== undefined) return join(dir, binary);
  throw new Hop3Error('E_BINARY_MISSING', `${why}, and "${binary}" is not installed`, { hint });
}

/** Installs the project's dependencies into the virtualenv with the installer its files call for. */
export async function installDependencies(
  ctx: BuildContext,
  project: PythonProject,
  venv: string,
  python: string,
): Promise<void> {
  const env = venvEnv(ctx, venv);
  switch (project.installer) {
    case 'requirements':
      ctx.log.step('Installing requirements with pip');
      return installRequirements(ctx, venv);
    case 'project': {
      ctx.log.step(`Installing the dependencies of ${project.marker} with pip install .`);
      const before = new Set(readdirSync(ctx.sourceDir));
      try {
        for (const step of pipProjectSteps(venv, env, project.name)) await runPythonStep(ctx, step);
      } finally {
        removeBuildLeftovers(ctx.sourceDir, before);
      }
      return;
    }
    case 'uv': {
      const uv = findTool(
        ctx,
        'uv',
        'this app has a uv.lock, which hop3 installs with uv',
        'install uv on the server (Debian 12 does not package it: "pipx install uv"), or replace uv.lock by a requirements.txt ("uv export --no-dev > requirements.txt")',
      );
      ctx.log.step('Installing uv.lock with uv sync');
      return runPythonStep(ctx, uvSyncStep(uv, venv, python, env));
    }
    case 'pipenv': {
      const pipenv = findTool(
        ctx,
        'pipenv',
        'this app has a Pipfile, which hop3 installs with pipenv',
        'apt-get install -y pipenv',
      );
      ctx.log.step('Installing Pipfile.lock with pipenv');
      return runPythonStep(ctx, pipenvStep(pipenv, venv, env));
    }
    case 'none':
      ctx.log.info(`${project.marker} lists no dependencies: nothing to install`);
  }
}
