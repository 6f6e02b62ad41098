// What only root does: the root-owned sites directory, and installing a site from a request it validates itself.
import { chmodSync, chownSync, existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Hop3Error, type PluginDeps } from '../../../lib/sdk.js';
import { GLOBAL_FILE, siteFile, writeIfChanged } from './files.js';
import { installSite, reloadNginx } from './install.js';
import { migrateLegacySites } from './migrate.js';
import { parseProxyRequest } from './request.js';
import { checkAppName, renderGlobal, renderSite } from './site.js';
import { nginxSettings } from './settings.js';

type Deps = Pick<PluginDeps, 'paths' | 'settings' | 'render' | 'run' | 'which' | 'log'>;

/** True when this process may write the sites directory itself (root); otherwise it goes through sudo. */
export const isRoot = (): boolean => process.getuid?.() === 0;

/** Creates the sites directory (0755 root:root) and writes `_hop3.conf` (0644) when it changed. */
export function ensureSitesDir(deps: Deps): void {
  const dir = nginxSettings(deps.settings).sitesDir;
  if (!/^\/[A-Za-z0-9._/-]+$/.test(dir)) {
    throw new Hop3Error(
      'E_SETUP',
      `settings.json: nginx.sitesDir ${JSON.stringify(dir)} must be a plain absolute path`,
    );
  }
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const st = statSync(dir);
  if (st.uid !== 0 || st.gid !== 0) chownSync(dir, 0, 0);
  if ((st.mode & 0o7777) !== 0o755) chmodSync(dir, 0o755);
  writeIfChanged(join(dir, GLOBAL_FILE), renderGlobal(deps.render));
}

/** As root: validates `request` for `app` (schema and disk), renders it with the installed template, tests, installs, reloads. */
export async function installRequest(deps: Deps, app: string, request: unknown): Promise<void> {
  const site = parseProxyRequest(request, deps.paths.home, checkAppName(app));
  ensureSitesDir(deps);
  const content = renderSite(deps.render, site, nginxSettings(deps.settings).httpPort);
  await installSite(deps, site.app, content);
}

/** As root: removes the app's site and reloads nginx. */
export async function removeSite(deps: Deps, app: string): Promise<void> {
  const file = siteFile(nginxSettings(deps.settings).sitesDir, checkAppName(app));
  if (!existsSync(file)) return;
  rmSync(file);
  await reloadNginx(deps);
}

/** As root: prepares the sites directory, moves sites left in $HOP3_HOME/nginx by older versions. */
export function prepareAsRoot(deps: Deps): void {
  ensureSitesDir(deps);
  migrateLegacySites(deps, (app, request) => {
    const site = parseProxyRequest(request, deps.paths.home, checkAppName(app));
    writeIfChanged(
      siteFile(nginxSettings(deps.settings).sitesDir, app),
      renderSite(deps.render, site, nginxSettings(deps.settings).httpPort),
    );
  });
}
