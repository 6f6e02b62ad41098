// Starting and stopping one redis-server through the host's supervisor (the `supervise` service): it keeps
// the server running and restarts it if it crashes; stopping sends SIGTERM, so redis saves its data first.
import { readFileSync } from 'node:fs';
import { Hop3Error, pickFreePort, type PluginDeps, type Supervise } from '../../../lib/sdk.js';
import type { RedisFiles } from './layout.js';

const PORTS = { first: 16380, last: 16999 } as const;

function pidIn(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    if (!Number.isInteger(pid) || pid <= 0) return undefined;
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
      ? Number(readFileSync(file, 'utf8').trim())
      : undefined;
  }
}

/** What starting and stopping an instance needs. */
export type SuperviseDeps = Pick<PluginDeps, 'supervise'>;

/** The supervise service, or E_ADDON_SERVER when this hop3 has none. */
function supervisor(deps: SuperviseDeps): Supervise {
  if (deps.supervise) return deps.supervise;
  throw new Hop3Error('E_ADDON_SERVER', 'no process supervisor runs the redis addons here', {
    hint: 'check settings.json "supervisor", then as root: hop3 setup',
  });
}

/** Why redis servers cannot be started now, or undefined. */
export const superviseUnavailable = (deps: SuperviseDeps): string | undefined =>
  deps.supervise ? deps.supervise.unavailable() : 'no process supervisor is configured';

/** The supervised process name of an instance (kept from older versions: `addon-redis.<name>`). */
const processName = (name: string): string => `addon-redis.${name}`;

/** A free port for a new instance, not taken by another instance (even a stopped one). */
export async function pickPort(taken: Set<number>): Promise<number> {
  const port = await pickFreePort(PORTS, taken);
  if (port !== undefined) return port;
  throw new Hop3Error(
    'E_ADDON_SERVER',
    `no free port left for redis addons between ${PORTS.first} and ${PORTS.last}`,
  );
}

/** Starts the instance's redis-server under the supervisor. */
export async function startServer(
  deps: SuperviseDeps,
  files: RedisFiles,
  name: string,
  redisServer: string,
): Promise<void> {
  await supervisor(deps).start({
    name: processName(name),
    command: [redisServer, files.conf],
    logFile: files.log,
    stopSignal: 'SIGTERM',
  });
}

/** Stops the instance and waits until redis-server has saved and exited (then kills what is left). */
export async function stopServer(
  deps: SuperviseDeps,
  files: RedisFiles,
  name: string,
): Promise<void> {
  const redis = pidIn(files.pidFile);
  await supervisor(deps).stop(processName(name));
  if (redis === undefined) return;
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline && pidIn(files.pidFile) === redis)
    await new Promise((resolve) => setTimeout(resolve, 50));
  if (pidIn(files.pidFile) === redis) process.kill(redis, 'SIGKILL');
}
