// After a reboot (or a crash of the supervisor or the proxy): every deployed app back at its current release.
// The supervisor restarts the processes it knows; an app whose processes did not come back, or whose proxy
// site is missing, is restarted through the normal zero-downtime activation.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Reporter } from '../output/reporter.js';
import { appStatus, restartApp } from './restart.js';
import type { Services } from './services.js';

/** How long the supervisor gets to bring an app's processes back before hop3 restarts the app itself. */
const GRACE_MS = 10_000;

async function liveInstancesRunning(
  s: Services,
  app: string,
  generation: number,
): Promise<boolean> {
  const deadline = Date.now() + GRACE_MS;
  for (;;) {
    const live = (await appStatus(s, app)).filter(
      (i) => i.generation === generation && i.state !== 'stopped',
    );
    if (live.length > 0 && live.every((i) => i.state === 'running')) return true;
    if (Date.now() > deadline) return false;
    await sleep(250);
  }
}

/** Checks every deployed, non-stopped app and restarts those that are not running; returns how many failed. */
export async function bootApps(s: Services, log: Reporter): Promise<number> {
  let failed = 0;
  const proxy = s.plugins.get('proxy', s.settings.proxy).instance;
  for (const app of s.state.apps.list()) {
    if (app.currentRelease === null || app.stopped) continue;
    const generation = app.deployment?.generation;
    const siteMissing = proxy.hasSite !== undefined && !proxy.hasSite(app.name);
    let running: boolean;
    try {
      running =
        generation !== undefined && (app.deployment?.instances.length ?? 0) > 0
          ? await liveInstancesRunning(s, app.name, generation)
          : true;
    } catch (error) {
      // One broken app (its build removed by hand) must not keep the others down.
      failed += 1;
      log.warn(`${app.name}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    if (running && !siteMissing) {
      log.info(`${app.name}: running v${app.currentRelease}`);
      continue;
    }
    log.info(
      `${app.name}: ${running ? 'proxy site missing' : 'processes did not come back'}, restarting v${app.currentRelease}`,
    );
    try {
      await restartApp(s, app.name, { log, require: true });
    } catch (error) {
      failed += 1;
      log.warn(`${app.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return failed;
}
