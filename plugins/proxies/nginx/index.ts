// The nginx proxy: one validated site file per app under $HOP3_HOME/nginx, included by the system nginx.
import { existsSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { defineProxy } from '../../../lib/sdk.js';
import { checkConfig } from './check.js';
import { GLOBAL_FILE, siteFile, writeIfChanged } from './files.js';
import { installSite, reloadNginx } from './install.js';
import { fetchRevision } from './revision.js';
import { checkAppName, renderGlobal, renderSite } from './site.js';

/** Serves apps through the system nginx: renders, tests (`nginx -t`), installs atomically and reloads. */
export default defineProxy('nginx', (deps) => {
  const dir = deps.paths.nginx;

  const prepare = async (): Promise<void> => {
    await mkdir(dir, { recursive: true });
    writeIfChanged(join(dir, GLOBAL_FILE), renderGlobal(deps.render));
  };

  return {
    prepare,
    async setup(site) {
      const content = renderSite(deps.render, site, deps.settings.nginx.httpPort);
      await prepare();
      await installSite(deps, site.app, content);
    },
    async remove(app) {
      const file = siteFile(dir, checkAppName(app));
      if (!existsSync(file)) return;
      rmSync(file);
      await reloadNginx(deps);
    },
    validate: () => checkConfig(deps),
    reload: () => reloadNginx(deps),
    servedRevision: (_app, host) => fetchRevision(deps.settings.nginx.httpPort, host),
  };
});
