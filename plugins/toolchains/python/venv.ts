// Creates a virtualenv, installs the app's dependencies into it with the installer its files call for,
// and byte-compiles the app's sources — each failing with the tool's own words.
import { join } from 'node:path';
import {
  type BuildContext,
  downloadError,
  type DownloadFailure,
  Hop3Error,
  isHop3Error,
  NETWORK_ERRORS,
  type RunOptions,
  runStep,
} from '../../../lib/sdk.js';

/** True when requirements.txt text names at least one requirement (not just comments and blank lines). */
export function hasRequirements(text: string): boolean {
  return text.split(/\r?\n/).some((line) => line.replace(/(^|\s)#.*$/, '').trim().length > 0);
}

/** One command of a Python build. */
export interface PythonStep {
  label: string;
  cmd: [string, ...string[]];
  env?: Record<string, string>;
  hint: (output: string) => string;
  /** How a failed download of the dependencies shows in the installer's output. */
  download?: DownloadFailure;
}

/** pip, uv and pipenv failing to reach the package index ("Failed to establish a new connection"). */
export const PYPI_DOWNLOAD: DownloadFailure = {
  patterns: [
    /after connection broken by|Failed to establish a new connection|NewConnectionError|ConnectTimeoutError/,
    /^error: Failed to fetch|dns error|failed to lookup address|tcp connect error/i,
    ...NETWORK_ERRORS,
  ],
  source: 'the Python package index',
  mirror:
    'PIP_INDEX_URL (uv: UV_INDEX_URL), e.g. hop3 config:set APP PIP_INDEX_URL=https://your-mirror/simple',
};

/** Runs a build command; a failure becomes E_BUILD_FAILED naming `label`, with the tool's last lines. */
export async function runPythonStep(ctx: BuildContext, step: PythonStep): Promise<void> {
  const [file, ...args] = step.cmd;
  const seen: string[] = [];
  const options: RunOptions = {
    ...(step.env ? { env: step.env } : {}),
    onLine: (line) => {
      seen.push(line);
      if (line.trim()) ctx.log.info(line);
    },
  };
  try {
    await ctx.run(file, args, options);
  } catch (error) {
    if (!isHop3Error(error) || error.code !== 'E_COMMAND_FAILED') throw error;
    const network = step.download && downloadError(step.label, seen.join('\n'), step.download);
    if (network) throw network;
    const why = error.message.slice(file.length + 1);
    throw new Hop3Error('E_BUILD_FAILED', `${step.label} failed (${why})`, {
      hint: step.hint(error.details ?? ''),
      details: error.details,
      cause: error,
    });
  }
}

/** The build env with a virtualenv active (its bin first on PATH). */
export function venvEnv(ctx: Pick<BuildContext, 'env'>, venv: string): Record<string, string> {
  return {
    ...ctx.env,
    VIRTUAL_ENV: venv,
    PATH: [join(venv, 'bin'), ctx.env.PATH].filter(Boolean).join(':'),
  };
}

/** Runs `<python> -m venv <venv>`. */
export async function createVenv(
  ctx: BuildContext,
  venv: string,
  python = 'python3',
): Promise<void> {
  const name = python.split('/').pop() ?? python;
  await runPythonStep(ctx, {
    label: `${name} -m venv`,
    cmd: [python, '-m', 'venv', venv],
    hint: (output) =>
      /ensurepip/.test(output)
        ? `install Python's venv module on the server (Debian: apt-get install -y ${name === 'python3' ? 'python3' : name}-venv)`
        : 'fix the error shown above and push again',
  });
}

/** Installs requirements.txt into the virtualenv with its own pip (PIP_* variables come from the build env). */
export async function installRequirements(ctx: BuildContext, venv: string): Promise<void> {
  const cmd: [string, ...string[]] = [
    join(venv, 'bin', 'pip'),
    'install',
    '--disable-pip-version-check',
    '--no-input',
    '-r',
    'requirements.txt',
  ];
  await runPythonStep(ctx, {
    label: 'pip install -r requirements.txt',
    cmd,
    env: venvEnv(ctx, venv),
    download: PYPI_DOWNLOAD,
    hint: () => 'fix requirements.txt (or the package index set by PIP_INDEX_URL) and push again',
  });
}

// Hidden directories (.git, .venv) and node_modules hold no code of the app's own.
const NOT_APP_CODE = String.raw`(^|/)(\.[^./][^/]*|node_modules)/`;

/** Python's compile errors as "server.py:3: SyntaxError: invalid syntax", from compileall's output. */
export function compileErrors(output: string): string[] {
  const errors: string[] = [];
  let where = '';
  for (const line of output.split('\n')) {
    const file = /^\s*File "(?:\.\/)?(.+)", line (\d+)/.exec(line);
    if (file) where = `${file[1] ?? ''}:${file[2] ?? ''}: `;
    const error = /^(\w*Error): (.*)$/.exec(line.trim());
    if (error) errors.push(`${where}${error[1] ?? ''}: ${error[2] ?? ''}`);
  }
  return errors;
}

/** Byte-compiles the app's .py files with the app's Python: a syntax error fails the build, in Python's words. */
export async function compileSources(ctx: BuildContext, venv: string): Promise<void> {
  ctx.log.step('Compiling the Python sources');
  await runStep(ctx, {
    label: 'python -m compileall',
    file: join(venv, 'bin', 'python'),
    args: ['-m', 'compileall', '-q', '-j', '0', '-x', NOT_APP_CODE, '.'],
    env: venvEnv(ctx, venv),
    errorLines: compileErrors,
    hint: 'fix the syntax error Python reported above and push again',
  });
}
