// Retires generations: deletes their vassals, wakes the emperor, waits until their processes are gone,
// kills what outlives the wait, then removes their run directories.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { AppSandbox, Paths, Reporter, Settings } from '../../../lib/sdk.js';
import type { UwsgiHost } from './deploy.js';
import { emperorFiles, wakeEmperor } from './emperor.js';
import { instanceFiles, listInstances, type InstanceKey } from './layout.js';
import { groupMembers, processGroup, recordedPid, waitUntilGone } from './processes.js';
import { readMeta } from './status.js';

/** How long retired processes get to exit after uWSGI signalled them. */
export const RETIRE_TIMEOUT_MS = 10_000;

/**
 * Tracks the processes of retired instances. For web and worker instances that is the app process and
 * its process group (uWSGI runs each attach-daemon in a session of its own, so the app's children are
 * in it too); their vassal master is the emperor's child and exits by itself about a second later (its
 * master loop ticks once a second), so waiting for it would only slow every deploy down. For wsgi and
 * cron instances the vassal master is the app. Pid files are read again at every look, so a process
 * that starts while we wait is still seen.
 */
function tracker(paths: Paths, settings: Settings, keys: readonly InstanceKey[]): () => number[] {
  const groups = new Set<number>();
  const emperor = recordedPid(emperorFiles(paths, settings).pid);
  const foreign = new Set(
    [process.pid, ...(emperor === undefined ? [] : [emperor])].map((p) => processGroup(p)),
  );
  return () => {
    const alive = new Set<number>();
    for (const key of keys) {
      const files = instanceFiles(paths, key);
      const kind = readMeta(files.meta)?.kind;
      const master = recordedPid(files.vassalPid);
      const app = recordedPid(files.pid);
      const daemon = kind === 'web' || kind === 'worker';
      for (const pid of daemon ? [app] : [master, app]) if (pid !== undefined) alive.add(pid);
      const group = daemon && app !== undefined ? processGroup(app) : undefined;
      // Only a group of its own: never the vassal's or the emperor's (they share one), nor ours.
      if (
        group !== undefined &&
        group > 1 &&
        !foreign.has(group) &&
        group !== processGroup(master ?? 0)
      ) {
        groups.add(group);
      }
    }
    for (const pid of groupMembers(groups)) alive.add(pid);
    return [...alive].sort((a, b) => a - b);
  };
}

async function removeRunDirs(
  paths: Paths,
  sandbox: AppSandbox,
  keep: number | undefined,
): Promise<void> {
  const dir = paths.run(sandbox.app);
  if (!existsSync(dir)) return;
  const doomed = readdirSync(dir).filter((name) => /^\d+$/.test(name) && name !== String(keep));
  await sandbox.files(doomed.map((name) => ({ op: 'remove' as const, path: join(dir, name) })));
}

/** Stops every instance of `app` outside generation `keep` (all when undefined); idempotent. */
export async function retireGenerations(
  host: UwsgiHost,
  log: Reporter,
  app: string,
  keep: number | undefined,
): Promise<void> {
  const { paths, settings } = host;
  const sandbox = host.sandbox(app);
  const doomed = listInstances(paths, app).filter((k) => k.generation !== keep);
  const survivors = tracker(paths, settings, doomed);
  survivors();
  for (const key of doomed) rmSync(instanceFiles(paths, key).legacyVassal, { force: true });
  await sandbox.files(
    doomed.map((key) => ({ op: 'remove' as const, path: instanceFiles(paths, key).vassal })),
  );
  if (doomed.length > 0) await wakeEmperor(paths, settings, host.run);
  const left = await waitUntilGone(survivors, RETIRE_TIMEOUT_MS);
  if (left.length > 0) {
    log.warn(
      `${app}: processes ${left.join(', ')} did not exit within ${RETIRE_TIMEOUT_MS / 1000} s; killing them`,
    );
    for (const pid of left) await sandbox.signal(pid, 'SIGKILL');
    await waitUntilGone(survivors, 2000);
  }
  await removeRunDirs(paths, sandbox, keep);
  if (keep !== undefined) await keepLogs(paths, sandbox, keep);
}

const GENERATION_LOG = /^[a-z][a-z0-9_-]*\.\d+\.g(\d+)\.log$/;

/**
 * The kept generation's own logs become `logs/<process>.<n>.log` (its processes keep writing to them);
 * the logs of older generations that never went live are removed, those of newer ones (a failed deploy)
 * stay until the next generation is kept.
 */
async function keepLogs(paths: Paths, sandbox: AppSandbox, keep: number): Promise<void> {
  const dir = paths.logs(sandbox.app);
  const kept = listInstances(paths, sandbox.app)
    .filter((k) => k.generation === keep)
    .map((k) => instanceFiles(paths, k))
    .filter((f) => existsSync(f.generationLog));
  const older = (existsSync(dir) ? readdirSync(dir) : []).filter(
    (name) => Number(GENERATION_LOG.exec(name)?.[1] ?? keep) < keep,
  );
  if (kept.length === 0 && older.length === 0) return;
  await sandbox.files([
    ...kept.map((f) => ({ op: 'rename' as const, path: f.generationLog, to: f.logFile })),
    ...older.map((name) => ({ op: 'remove' as const, path: join(dir, name) })),
  ]);
}
