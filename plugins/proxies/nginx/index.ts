// The nginx proxy: one validated site file per app in a root-owned directory included by the system nginx.
// The hop3 user asks for changes through sudo (priv:proxy-*); root (setup, tests, the privileged step) acts directly.
import { defineProxy } from '../../../lib/sdk.js';
import { checkConfig } from './check.js';
import { nginxHealth } from './health.js';
import { reloadNginx } from './install.js';
import { ensureSitesDir, installRequest, isRoot, prepareAsRoot, removeSite } from './privileged.js';
import { fetchRevision } from './revision.js';
import { checkAppName, siteContext } from './site.js';
import { runPrivileged } from './sudo.js';

/** Serves apps through the system nginx: validates, renders, tests (`nginx -t`), installs atomically and reloads. */
export default defineProxy('nginx', (deps) => ({
  prepare() {
    if (isRoot()) prepareAsRoot(deps);
    return Promise.resolve();
  },
  async setup(site) {
    if (isRoot()) return installRequest(deps, site.app, site);
    siteContext(site, deps.settings.nginx.httpPort);
    await runPrivileged(deps, 'priv:proxy-install', site.app, JSON.stringify(site));
  },
  async remove(app) {
    checkAppName(app);
    if (isRoot()) return removeSite(deps, app);
    await runPrivileged(deps, 'priv:proxy-remove', app);
  },
  validate: () => checkConfig(deps),
  async reload() {
    if (!isRoot()) return runPrivileged(deps, 'priv:proxy-reload');
    ensureSitesDir(deps);
    await reloadNginx(deps);
  },
  servedRevision: (_app, host) => fetchRevision(deps.settings.nginx.httpPort, host),
  health: (request) => Promise.resolve(nginxHealth(deps, request)),
}));
