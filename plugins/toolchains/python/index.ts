// The Python toolchain: one virtualenv per requirements.txt and Python version, kept in the app's cache.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineToolchain, type BuildContext } from '../../../lib/sdk.js';
import { createVenv, hasRequirements, installRequirements } from './venv.js';

/** The file that marks a cache entry's virtualenv as complete (written last). */
export const COMPLETE_MARKER = '.complete';

/** The cache key of a source tree's requirements for one Python version. */
export function venvKey(ctx: Pick<BuildContext, 'hash'>, pythonVersion: string): string {
  return ctx.hash(['requirements.txt'], pythonVersion);
}

async function pythonVersion(ctx: BuildContext): Promise<string> {
  const result = await ctx.run('python3', ['--version'], { onLine: () => undefined });
  return (result.stdout || result.stderr).trim();
}

/**
 * Builds the virtualenv of entry `key` in place: a virtualenv cannot be moved (its scripts name their
 * interpreter by absolute path), so the entry only counts once its marker is written, and a failed
 * install removes the whole entry.
 */
async function buildEntry(ctx: BuildContext, entry: string, venv: string, version: string): Promise<void> {
  rmSync(entry, { recursive: true, force: true });
  mkdirSync(entry, { recursive: true });
  try {
    ctx.log.step(`Creating a virtualenv (${version})`);
    await createVenv(ctx, venv);
    const requirements = join(ctx.sourceDir, 'requirements.txt');
    if (existsSync(requirements) && hasRequirements(readFileSync(requirements, 'utf8'))) {
      ctx.log.step('Installing requirements with pip');
      await installRequirements(ctx, venv);
    } else {
      ctx.log.info('requirements.txt lists no packages: nothing to install');
    }
    writeFileSync(join(entry, COMPLETE_MARKER), `${version}\n${new Date().toISOString()}\n`);
  } catch (error) {
    rmSync(entry, { recursive: true, force: true });
    throw error;
  }
}

/** Claims apps with a requirements.txt; builds a cached virtualenv the runtime (and uWSGI) uses. */
export default defineToolchain('python', () => ({
  priority: 50,
  requires: ['python3'],
  title: 'Python',
  detect: (src) => (src.has('requirements.txt') ? { reason: 'requirements.txt' } : null),
  async build(ctx) {
    const version = await pythonVersion(ctx);
    const key = venvKey(ctx, version);
    const entry = join(ctx.cacheDir, key);
    const venv = join(entry, 'venv');
    const cached = existsSync(join(entry, COMPLETE_MARKER));
    if (cached) ctx.log.info(`Reusing virtualenv (cache key ${key})`);
    else await buildEntry(ctx, entry, venv, version);
    return ctx.artifact({
      kind: 'python',
      env: { VIRTUAL_ENV: venv, PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'UTF-8' },
      path: [join(venv, 'bin')],
      virtualenv: venv,
      metadata: { pythonVersion: version, cacheKey: key, cacheHit: cached },
    });
  },
}));
