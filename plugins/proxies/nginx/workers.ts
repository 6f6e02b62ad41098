// After `nginx -s reload` the old workers keep accepting connections for ~100 ms with the old sites.
// The reload is only complete when every worker that existed before it is gone or "shutting down".
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const WORKER_TITLE = 'nginx: worker process';

function title(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0+/g, ' ').trim();
  } catch {
    return undefined;
  }
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/** The nginx master's pid from its pid file, or undefined when it is not running. */
export function masterPid(pidFile: string): number | undefined {
  try {
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 && title(pid) !== undefined ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** The pids of the master's workers that still accept connections. */
export function acceptingWorkers(master: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => parentOf(pid) === master && title(pid) === WORKER_TITLE);
}

/** Waits (bounded) until none of `workers` accepts connections any more. */
export async function waitForRetiredWorkers(
  workers: readonly number[],
  timeoutMs = 3000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (workers.some((pid) => title(pid) === WORKER_TITLE) && Date.now() < deadline)
    await sleep(10);
}
