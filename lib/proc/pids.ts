// Looking at and stopping processes by pid (Linux /proc), for services hop3 started without a service manager.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** The argument vector of a live process, or undefined when there is none (or it is a zombie). */
export function processArgv(pid: number): string[] | undefined {
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  let raw: string;
  try {
    raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return undefined;
  }
  if (raw.length === 0) return undefined;
  return raw.replace(/\0$/, '').split('\0');
}

/**
 * True when `argv` is `command` run directly, or through an interpreter line (`#!/usr/bin/env node`
 * turns `/usr/local/bin/hop3 git-http` into `node /usr/local/bin/hop3 git-http`).
 */
export function argvMatches(argv: readonly string[], command: readonly string[]): boolean {
  if (argv.length < command.length || command.length === 0) return false;
  const tail = argv.slice(argv.length - command.length);
  return tail.every((word, i) => word === command[i]);
}

/** True when a process with this pid exists (zombies included). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends `signal` to a process and waits up to `timeoutMs` for it to go; then kills its whole process group.
 * Returns true when it stopped by itself.
 */
export async function stopProcess(
  pid: number,
  signal: NodeJS.Signals,
  timeoutMs = 10_000,
): Promise<boolean> {
  const gone = (): boolean => processArgv(pid) === undefined;
  try {
    process.kill(pid, signal);
  } catch {
    return true;
  }
  for (let waited = 0; waited < timeoutMs; waited += 100) {
    if (gone()) return true;
    await sleep(100);
  }
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, 'SIGKILL');
      break;
    } catch {
      // not a group leader, or already gone: try the pid itself
    }
  }
  for (let waited = 0; waited < 2000 && !gone(); waited += 100) await sleep(100);
  return false;
}

/**
 * A live process's start time (clock ticks since boot, from /proc/<pid>/stat), or undefined when it is gone
 * or a zombie. Together with the pid it names one process, even after the pid is reused.
 */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[0] === 'Z' || fields[0] === 'X' ? undefined : fields[19];
  } catch {
    return undefined;
  }
}

/** Pids of processes whose working directory is `dir` or below it. */
export function processesIn(dir: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cwd = readlinkSync(`/proc/${name}/cwd`);
      if (cwd === dir || cwd.startsWith(`${dir}/`)) found.push(Number(name));
    } catch {
      // gone, or not ours
    }
  }
  return found;
}

/** SIGKILLs every process working in `dir` (what a failed or killed build left running there). */
export function killProcessesIn(dir: string): void {
  for (const pid of processesIn(dir)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Pids of the direct children of a process. */
export function childPids(pid: number): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid)
        found.push(Number(name));
    } catch {
      // gone
    }
  }
  return found;
}

/** One variable of a live process's environment (same user only), or undefined. */
export function processEnvVar(pid: number, key: string): string | undefined {
  try {
    const entry = readFileSync(`/proc/${pid}/environ`, 'utf8')
      .split('\0')
      .find((e) => e.startsWith(`${key}=`));
    return entry?.slice(key.length + 1);
  } catch {
    return undefined;
  }
}
