// Cleaning up after a deploy or restart that was killed (SIGKILL, OOM, a reboot of the ssh session):
// every activity records itself in locks/<app>.activity.json and starts a detached `hop3 reap APP`
// watcher; if the activity's process dies with the record still there, the watcher stops the processes
// it left (build commands, a new generation that never went live) and marks its release failed.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isHop3Error } from '../errors.js';
import { processStartTime } from '../proc/pids.js';
import { spawnDetached } from '../proc/spawn-detached.js';
import { SYSTEM_PATH } from '../proc/run.js';
import { retireAll } from './activate.js';
import { discardRelease } from './discard.js';
import { acquireLock } from '../state/lock.js';
import type { Services } from './services.js';

/** What a running deploy or restart says about itself. */
export interface Activity {
  pid: number;
  /** The pid's start time (/proc), so a reused pid is not mistaken for it. */
  start: string;
  what: string;
  /** A release directory being built: processes working in it are the activity's own. */
  releaseDir?: string;
}

const activityFile = (s: Pick<Services, 'paths'>, app: string): string =>
  join(s.paths.locks, `${app}.activity.json`);

function readActivity(file: string): Activity | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Activity;
  } catch {
    return undefined;
  }
}

/** Records an activity (the caller holds the app lock) and starts its watcher; `end()` when it finishes. */
export async function beginActivity(
  s: Services,
  app: string,
  what: string,
  releaseDir?: string,
): Promise<{ end(): void }> {
  const file = activityFile(s, app);
  const activity: Activity = {
    pid: process.pid,
    start: processStartTime(process.pid) ?? '',
    what,
    ...(releaseDir ? { releaseDir } : {}),
  };
  writeFileSync(file, `${JSON.stringify(activity)}\n`, { mode: 0o600 });
  try {
    await spawnDetached([s.settings.hop3Command, 'reap', app], {
      env: { PATH: SYSTEM_PATH, HOP3_HOME: s.paths.home, LANG: 'C.UTF-8' },
      cwd: s.paths.home,
      logFile: join(s.paths.locks, `${app}.reaper.log`),
      settleMs: 0,
    });
  } catch {
    // Without a watcher a killed activity is cleaned up by the app's next deploy instead.
  }
  return {
    end() {
      if (readActivity(file)?.pid === process.pid) rmSync(file, { force: true });
    },
  };
}

/** Undoes what a killed activity left behind. */
async function cleanUp(s: Services, app: string, activity: Activity): Promise<void> {
  if (activity.releaseDir && existsSync(activity.releaseDir)) {
    await s
      .sandbox(app)
      .files([{ op: 'stop-processes', path: activity.releaseDir }])
      .catch(() => undefined);
  }
  const record = s.state.apps.find(app);
  if (!record) return;
  await retireAll(s, app, record.deployment?.generation);
  const failed = s.state.releases.failInterrupted(record.id);
  const number = Number(basename(activity.releaseDir ?? ''));
  if (failed > 0 && activity.releaseDir && Number.isInteger(number) && number > 0)
    await discardRelease(s, app, number);
}

/**
 * Watches the app's activity until it ends; cleans up when its process died without ending it.
 * `services` is only built (plugins loaded) when there is something to clean.
 */
export async function reap(
  paths: Services['paths'],
  app: string,
  services: () => Promise<Services>,
): Promise<void> {
  const file = activityFile({ paths }, app);
  for (;;) {
    const activity = readActivity(file);
    if (!activity) return;
    const alive = activity.start !== '' && processStartTime(activity.pid) === activity.start;
    if (alive) {
      await sleep(200);
      continue;
    }
    let lock;
    try {
      lock = acquireLock(paths.locks, app, 'a clean-up after an interrupted deploy');
    } catch (error) {
      if (isHop3Error(error) && error.code === 'E_LOCKED') return; // a new deploy took over; it retires strays itself
      throw error;
    }
    try {
      if (readActivity(file)?.pid === activity.pid) {
        await cleanUp(await services(), app, activity);
        rmSync(file, { force: true });
      }
    } finally {
      lock.release();
    }
    return;
  }
}
