// The nginx proxy: one validated site file per app in a root-owned directory included by the system nginx.
// The hop3 user asks for changes through sudo (priv:proxy-*); root (setup, tests, the privileged step) acts directly.
import { existsSync } from 'node:fs';
import { defineProxy } from '../../../lib/sdk.js';
import { checkConfig } from './check.js';
import { nginxHealth } from './health.js';
import { siteFile } from './files.js';
import { installNginxInclude, startNginx } from './host.js';
import { reloadNginx } from './install.js';
import { ensureSitesDir, installRequest, isRoot, prepareAsRoot, removeSite } from './privileged.js';
import { fetchRevision } from './revision.js';
import { checkAppName, siteContext } from './site.js';
import { runPrivileged } from './sudo.js';
import { NGINX_SECTION, nginxSettings } from './settings.js';

/** Serves apps through the system nginx: validates, renders, tests (`nginx -t`), installs atomically and reloads. */
export default defineProxy('nginx', (deps) => ({
  packages: ['nginx'],
  settingsSection: NGINX_SECTION,
  /** As root (setup): the root-owned sites directory, sites left by older layouts, the conf.d include. */
  async prepareHost(host) {
    host.log.step(
      `Proxy sites (nginx, ${nginxSettings(deps.settings).sitesDir}, prepared as root)`,
    );
    prepareAsRoot(deps);
    host.log.info('ok');
    await installNginxInclude(deps, host);
  },
  startHost: (host) => startNginx(deps, host),
  /** The sites directory when run as root (tests, tools); nothing as the hop3 user. */
  prepare() {
    if (isRoot()) prepareAsRoot(deps);
    return Promise.resolve();
  },
  hasSite: (app) => existsSync(siteFile(nginxSettings(deps.settings).sitesDir, checkAppName(app))),
  async setup(site) {
    if (isRoot()) return installRequest(deps, site.app, site);
    siteContext(site, nginxSettings(deps.settings).httpPort);
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
  servedRevision: (_app, host) => fetchRevision(nginxSettings(deps.settings).httpPort, host),
  health: (request) => Promise.resolve(nginxHealth(deps, request)),
}));
