// Runs npm for a build: installs dependencies, or replays the root package's lifecycle scripts.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Hop3Error, isHop3Error, type BuildContext } from '../../../lib/sdk.js';

/** The lockfiles that make `npm ci` possible. */
export const LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json'] as const;

/** npm's build environment: the app's build env, quiet npm, its download cache in $HOME/.npm. */
export function npmEnv(ctx: Pick<BuildContext, 'env' | 'cacheDir'>): Record<string, string> {
  return {
    ...ctx.env,
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_progress: 'false',
    npm_config_cache: join(ctx.env.HOME ?? ctx.cacheDir, '.npm'),
  };
}

/** Runs one npm command; a failure becomes E_BUILD_FAILED naming the command, with npm's last lines. */
async function npm(ctx: BuildContext, args: string[], env: Record<string, string>, hint: string): Promise<void> {
  try {
    await ctx.run('npm', args, { env });
  } catch (error) {
    if (!isHop3Error(error) || error.code !== 'E_COMMAND_FAILED') throw error;
    const why = error.message.replace(/^npm /, '');
    throw new Hop3Error('E_BUILD_FAILED', `npm ${args.join(' ')} failed (${why})`, { hint, details: error.details, cause: error });
  }
}

/** Installs dependencies into the source dir's node_modules: `npm ci` with a lockfile, else `npm install`. */
export async function installDependencies(ctx: BuildContext, env: Record<string, string>): Promise<void> {
  const lockfile = LOCKFILES.find((f) => existsSync(join(ctx.sourceDir, f)));
  if (lockfile) {
    ctx.log.step(`Installing dependencies with npm ci (${lockfile})`);
    await npm(ctx, ['ci'], env, `fix the error npm printed above; if ${lockfile} is out of date, run "npm install" locally and commit it`);
  } else {
    ctx.log.step('Installing dependencies with npm install (no lockfile)');
    await npm(ctx, ['install'], env, 'fix the error npm printed above; committing a package-lock.json makes builds reproducible');
  }
}

/** Runs the named root lifecycle scripts, each alone (`--ignore-scripts` skips npm's pre/post hooks). */
export async function runLifecycleScripts(ctx: BuildContext, names: readonly string[], env: Record<string, string>): Promise<void> {
  for (const name of names) {
    ctx.log.info(`Running the "${name}" script`);
    await npm(ctx, ['run', '--ignore-scripts', name], env, `fix the "${name}" script in package.json and push again`);
  }
}
