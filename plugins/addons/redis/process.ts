// Starting and stopping one redis-server as a vassal of the uWSGI emperor: writing its ini starts it,
// deleting it stops it (SIGTERM, so redis saves its data first). The emperor restarts it if it crashes.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Hop3Error, pickFreePort, writeFileAtomic, type PluginDeps, type RenderTemplate } from '../../../lib/sdk.js';
import type { RedisFiles } from './layout.js';

const PORTS = { first: 16380, last: 16999 } as const;

function pidIn(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    if (!Number.isInteger(pid) || pid <= 0) return undefined;
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    // EPERM: it runs, as another user (a root emperor, when apps have their own users).
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? Number(readFileSync(file, 'utf8').trim()) : undefined;
  }
}

/** What finding and waking the emperor needs. */
type EmperorDeps = Pick<PluginDeps, 'paths' | 'settings' | 'run'>;

const rootEmperor = (deps: EmperorDeps): boolean => deps.settings.isolation === 'app-users';

/** The running emperor's pid, or undefined (a root emperor keeps its pid in its own directory). */
export const emperorPid = (deps: EmperorDeps): number | undefined =>
  pidIn(rootEmperor(deps) ? join(deps.settings.uwsgi.emperorDir ?? '/var/lib/hop3/emperor', 'emperor.pid') : join(deps.paths.uwsgi, 'emperor.pid'));

/** Makes the emperor rescan now (a root one through its wake script, the one command sudo allows for it). */
async function wake(deps: EmperorDeps): Promise<void> {
  const pid = emperorPid(deps);
  if (pid === undefined) return;
  if (rootEmperor(deps) && process.getuid?.() !== 0) await deps.run('/usr/bin/sudo', ['-n', '/usr/local/lib/hop3/wake-emperor'], { reject: false });
  else process.kill(pid, 'SIGWINCH');
}

/** A free port for a new instance, not taken by another instance (even a stopped one). */
export async function pickPort(taken: Set<number>): Promise<number> {
  const port = await pickFreePort(PORTS, taken);
  if (port !== undefined) return port;
  throw new Hop3Error('E_ADDON_SERVER', `no free port left for redis addons between ${PORTS.first} and ${PORTS.last}`);
}

/** Writes the vassal ini (starting the instance) and wakes the emperor. */
export async function startVassal(deps: EmperorDeps, render: RenderTemplate, files: RedisFiles, name: string, redisServer: string): Promise<void> {
  const ini = render('addons/redis/vassal.ini.njk', { name, vassalPidFile: files.vassalPid, command: `${redisServer} ${files.conf}`, logFile: files.log });
  writeFileAtomic(files.vassal, ini, 0o644);
  await wake(deps);
}

/** Deletes the vassal ini and waits until redis-server has saved and exited (then kills what is left). */
export async function stopVassal(deps: EmperorDeps, files: RedisFiles): Promise<void> {
  const redis = pidIn(files.pidFile);
  rmSync(files.vassal, { force: true });
  await wake(deps);
  if (redis === undefined) return;
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline && pidIn(files.pidFile) === redis) await new Promise((resolve) => setTimeout(resolve, 50));
  if (pidIn(files.pidFile) === redis) process.kill(redis, 'SIGKILL');
}
