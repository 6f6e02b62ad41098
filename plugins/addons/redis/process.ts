// Starting and stopping one redis-server as a vassal of the uWSGI emperor: writing its ini starts it,
// deleting it stops it (SIGTERM, so redis saves its data first). The emperor restarts it if it crashes.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Hop3Error, pickFreePort, writeFileAtomic, type Paths, type RenderTemplate } from '../../../lib/sdk.js';
import type { RedisFiles } from './layout.js';

const PORTS = { first: 16380, last: 16999 } as const;

function pidIn(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

/** The running emperor's pid, or undefined. */
export const emperorPid = (paths: Paths): number | undefined => pidIn(join(paths.uwsgi, 'emperor.pid'));

/** A free port for a new instance, not taken by another instance (even a stopped one). */
export async function pickPort(taken: Set<number>): Promise<number> {
  const port = await pickFreePort(PORTS, taken);
  if (port !== undefined) return port;
  throw new Hop3Error('E_ADDON_SERVER', `no free port left for redis addons between ${PORTS.first} and ${PORTS.last}`);
}

/** Writes the vassal ini (starting the instance) and wakes the emperor. */
export function startVassal(paths: Paths, render: RenderTemplate, files: RedisFiles, name: string, redisServer: string): void {
  const ini = render('addons/redis/vassal.ini.njk', { name, vassalPidFile: files.vassalPid, command: `${redisServer} ${files.conf}`, logFile: files.log });
  writeFileAtomic(files.vassal, ini, 0o644);
  const pid = emperorPid(paths);
  if (pid !== undefined) process.kill(pid, 'SIGWINCH');
}

/** Deletes the vassal ini and waits until redis-server has saved and exited (then kills what is left). */
export async function stopVassal(paths: Paths, files: RedisFiles): Promise<void> {
  const redis = pidIn(files.pidFile);
  rmSync(files.vassal, { force: true });
  const emperor = emperorPid(paths);
  if (emperor !== undefined) process.kill(emperor, 'SIGWINCH');
  if (redis === undefined) return;
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline && pidIn(files.pidFile) === redis) await new Promise((resolve) => setTimeout(resolve, 50));
  if (pidIn(files.pidFile) === redis) process.kill(redis, 'SIGKILL');
}
