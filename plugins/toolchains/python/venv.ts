// Creates a virtualenv and installs requirements.txt into it, failing with the tool's own words.
import { join } from 'node:path';
import { Hop3Error, isHop3Error, type BuildContext, type RunOptions } from '../../../lib/sdk.js';

/** True when requirements.txt text names at least one requirement (not just comments and blank lines). */
export function hasRequirements(text: string): boolean {
  return text.split(/\r?\n/).some((line) => line.replace(/(^|\s)#.*$/, '').trim().length > 0);
}

/** Runs a build command; a failure becomes E_BUILD_FAILED naming `label`, with the tool's last lines. */
async function step(ctx: BuildContext, label: string, cmd: [string, ...string[]], options: RunOptions, hint: (output: string) => string): Promise<void> {
  const [file, ...args] = cmd;
  try {
    await ctx.run(file, args, options);
  } catch (error) {
    if (!isHop3Error(error) || error.code !== 'E_COMMAND_FAILED') throw error;
    const why = error.message.slice(file.length + 1);
    throw new Hop3Error('E_BUILD_FAILED', `${label} failed (${why})`, { hint: hint(error.details ?? ''), details: error.details, cause: error });
  }
}

/** Runs `python3 -m venv <venv>`. */
export async function createVenv(ctx: BuildContext, venv: string): Promise<void> {
  await step(ctx, 'python3 -m venv', ['python3', '-m', 'venv', venv], {}, (output) =>
    /ensurepip/.test(output)
      ? "install Python's venv module on the server (Debian: apt-get install -y python3-venv)"
      : 'fix the error shown above and push again',
  );
}

/** Installs requirements.txt into the virtualenv with its own pip (PIP_* variables come from the build env). */
export async function installRequirements(ctx: BuildContext, venv: string): Promise<void> {
  const bin = join(venv, 'bin');
  const env = { ...ctx.env, VIRTUAL_ENV: venv, PATH: [bin, ctx.env.PATH].filter(Boolean).join(':') };
  const cmd: [string, ...string[]] = [join(bin, 'pip'), 'install', '--disable-pip-version-check', '--no-input', '-r', 'requirements.txt'];
  await step(ctx, 'pip install -r requirements.txt', cmd, { env }, () =>
    'fix requirements.txt (or the package index set by PIP_INDEX_URL) and push again',
  );
}
