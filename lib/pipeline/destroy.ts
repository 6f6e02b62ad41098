// Destroy: stop the app, remove its proxy site, repository, releases and state; keep its data unless purged.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { removeAppIdentity } from '../identity/ensure.js';
import type { Reporter } from '../output/reporter.js';
import { retireAll } from './activate.js';
import { acquireLock } from '../state/lock.js';
import type { Services } from './services.js';

/** Removes an app. Its data directory (DATA_DIR) is kept unless `purge`. */
export async function destroyApp(
  s: Services,
  appName: string,
  opts: { purge: boolean; log: Reporter },
): Promise<void> {
  const lock = acquireLock(s.paths.locks, appName, 'apps:destroy');
  try {
    s.state.apps.get(appName);
    opts.log.step(`Destroying ${appName}`);
    await s.plugins.get('proxy', s.settings.proxy).instance.remove(appName);
    await retireAll(s, appName, undefined);
    rmSync(s.paths.repo(appName), { recursive: true, force: true });
    // The app's own files go as its user; then what hop3 keeps (meta/, current) and, with --purge, the rest.
    const owned = [
      s.paths.releases(appName),
      s.paths.cache(appName),
      s.paths.logs(appName),
      s.paths.run(appName),
    ];
    if (opts.purge) owned.push(s.paths.data(appName), join(s.paths.app(appName), 'home'));
    if (existsSync(s.paths.app(appName))) {
      await s
        .sandbox(appName)
        .files(owned.filter((d) => existsSync(d)).map((path) => ({ op: 'clear' as const, path })));
    }
    // The emptied directories themselves are in apps/<app>, which is hop3's.
    for (const path of [...owned, s.paths.current(appName), s.paths.meta(appName)])
      rmSync(path, { recursive: true, force: true });
    if (opts.purge) {
      rmSync(s.paths.app(appName), { recursive: true, force: true });
      await removeAppIdentity(s.run, s.paths, s.settings, appName);
    }
    s.state.apps.remove(appName);
    opts.log.info(
      opts.purge
        ? 'data directory deleted (--purge)'
        : `data kept in ${s.paths.data(appName)} (use --purge to delete it)`,
    );
    opts.log.step(`Destroyed ${appName}`);
  } finally {
    lock.release();
  }
}
