// Destroy: stop the app, remove its proxy site, repository, releases and state; keep its data unless purged.
import { rmSync } from 'node:fs';
import type { Reporter } from '../output/reporter.js';
import { retireAll } from './activate.js';
import { acquireLock } from './lock.js';
import type { Services } from './services.js';

/** Removes an app. Its data directory (DATA_DIR) is kept unless `purge`. */
export async function destroyApp(s: Services, appName: string, opts: { purge: boolean; log: Reporter }): Promise<void> {
  const lock = acquireLock(s.paths.locks, appName, 'apps:destroy');
  try {
    s.state.apps.get(appName);
    opts.log.step(`Destroying ${appName}`);
    await s.plugins.get('proxy', s.settings.proxy).instance.remove(appName);
    await retireAll(s, appName, undefined);
    rmSync(s.paths.repo(appName), { recursive: true, force: true });
    for (const dir of [s.paths.releases(appName), s.paths.cache(appName), s.paths.logs(appName), s.paths.run(appName), s.paths.current(appName)]) {
      rmSync(dir, { recursive: true, force: true });
    }
    if (opts.purge) rmSync(s.paths.app(appName), { recursive: true, force: true });
    s.state.apps.remove(appName);
    opts.log.info(opts.purge ? 'data directory deleted (--purge)' : `data kept in ${s.paths.data(appName)} (use --purge to delete it)`);
    opts.log.step(`Destroyed ${appName}`);
  } finally {
    lock.release();
  }
}
