// The Node.js toolchain: installs npm dependencies once per lockfile and Node version, reused across deploys.
import { existsSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { defineToolchain, type BuildContext, type ProcessDef } from '../../../lib/sdk.js';
import { cacheKey, entryModules, pruneEntries, storeModules, touchEntry } from './cache.js';
import { installDependencies, npmEnv, runLifecycleScripts } from './npm.js';
import { lifecycleScripts, readScripts } from './package-json.js';

/** The `web: npm start` process used when the Procfile serves nothing and package.json has a start script. */
export function defaultProcesses(ctx: Pick<BuildContext, 'config'>, scripts: Record<string, string>): ProcessDef[] {
  const serves = ctx.config.procfile.processes.some((p) => p.kind === 'web' || p.kind === 'wsgi');
  return !serves && 'start' in scripts ? [{ name: 'web', kind: 'web', command: 'npm start' }] : [];
}

async function nodeVersion(ctx: BuildContext): Promise<string> {
  const result = await ctx.run('node', ['--version'], { onLine: () => undefined });
  return result.stdout.trim();
}

/** Points the release's node_modules at a cache entry (replacing any committed copy). */
function linkModules(ctx: BuildContext, target: string): void {
  const link = join(ctx.sourceDir, 'node_modules');
  rmSync(link, { recursive: true, force: true });
  symlinkSync(target, link, 'dir');
}

/** Claims apps with a package.json; installs with npm ci (or npm install) into a cached node_modules. */
export default defineToolchain('node', () => ({
  priority: 40,
  requires: ['node', 'npm'],
  title: 'Node.js',
  detect: (src) => (src.has('package.json') ? { reason: 'package.json' } : null),
  async build(ctx) {
    const scripts = readScripts(ctx.sourceDir);
    const version = await nodeVersion(ctx);
    const key = cacheKey(ctx, version);
    const modules = entryModules(ctx.cacheDir, key);
    const env = npmEnv(ctx);
    const cached = existsSync(modules);
    if (cached) {
      ctx.log.info(`Reusing node_modules (cache key ${key})`);
      linkModules(ctx, modules);
      await runLifecycleScripts(ctx, lifecycleScripts(scripts), env);
    } else {
      await installDependencies(ctx, env);
      storeModules(ctx.cacheDir, key, join(ctx.sourceDir, 'node_modules'));
      linkModules(ctx, modules);
      ctx.log.info(`Cached node_modules (cache key ${key}, node ${version})`);
    }
    touchEntry(ctx.cacheDir, key);
    const pruned = pruneEntries(ctx.cacheDir, key);
    if (pruned.length > 0) ctx.log.info(`Removed ${pruned.length} old node_modules cache entr${pruned.length === 1 ? 'y' : 'ies'}`);
    return ctx.artifact({
      kind: 'node',
      env: { NODE_ENV: 'production' },
      path: [join(ctx.sourceDir, 'node_modules', '.bin')],
      defaultProcesses: defaultProcesses(ctx, scripts),
      metadata: { nodeVersion: version, cacheKey: key, cacheHit: cached },
    });
  },
}));
