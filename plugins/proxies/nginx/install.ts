// Installs one app's site: nginx -t with the others, atomic write, reload, and rollback when the reload fails.
import { rmSync } from 'node:fs';
import { Hop3Error, writeFileAtomic, type PluginDeps } from '../../../lib/sdk.js';
import { checkConfig } from './check.js';
import { readIfExists, siteFile } from './files.js';
import { acceptingWorkers, masterPid, waitForRetiredWorkers } from './workers.js';
import { nginxSettings } from './settings.js';

type Deps = Pick<PluginDeps, 'paths' | 'settings' | 'render' | 'run' | 'which' | 'log'>;

/**
 * Runs the configured reload command and waits until the workers that served the old configuration
 * stop accepting connections; E_PROXY_RELOAD with the command's output when it fails.
 */
export async function reloadNginx(deps: Pick<PluginDeps, 'settings' | 'run'>): Promise<void> {
  const [file, ...args] = nginxSettings(deps.settings).reload;
  if (file === undefined)
    throw new Hop3Error('E_PROXY_RELOAD', 'settings.json: nginx.reload is empty');
  const master = masterPid(nginxSettings(deps.settings).pidFile);
  const oldWorkers = master === undefined ? [] : acceptingWorkers(master);
  const result = await deps.run(file, args, { reject: false, timeoutMs: 30_000 });
  if (result.exitCode === 0) {
    await waitForRetiredWorkers(oldWorkers);
    return;
  }
  throw new Hop3Error(
    'E_PROXY_RELOAD',
    `nginx reload failed (${[file, ...args].join(' ')} exited with code ${result.exitCode})`,
    {
      details: result.all.trim(),
      hint: 'check that nginx is running and that the hop3 user may run the reload command (sudoers)',
    },
  );
}

/** Puts `previous` back as the app's site (or removes the site when there was none), then reloads again. */
async function rollBack(deps: Deps, file: string, previous: string | undefined): Promise<void> {
  if (previous === undefined) rmSync(file, { force: true });
  else writeFileAtomic(file, previous, 0o644);
  try {
    await reloadNginx(deps);
  } catch (error) {
    deps.log.warn(`nginx did not reload after restoring ${file} either`);
    if (error instanceof Hop3Error && error.details) deps.log.warn(error.details);
  }
}

/** Validates `content` as the app's new site with every other site, installs it atomically and reloads nginx. */
export async function installSite(deps: Deps, app: string, content: string): Promise<void> {
  await checkConfig(deps, { candidate: { app, content } });
  const file = siteFile(nginxSettings(deps.settings).sitesDir, app);
  const previous = readIfExists(file);
  writeFileAtomic(file, content, 0o644);
  try {
    await reloadNginx(deps);
  } catch (error) {
    await rollBack(deps, file, previous);
    throw error;
  }
}
