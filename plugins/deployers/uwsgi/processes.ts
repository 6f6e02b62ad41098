// Looking at instance processes through /proc: alive (zombies count as gone), process groups, waiting for exits.
import { readdirSync, readFileSync, statSync } from 'node:fs';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface ProcStat {
  state: string;
  pgid: number;
  /** Clock ticks after boot. */
  startTicks: number;
}

/** State, process group and start time of a pid from /proc/<pid>/stat, or undefined when it does not exist. */
function statOf(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // "pid (comm) S ppid pgrp ...": comm may hold spaces and parentheses, so read after the last ")".
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0] ?? '', pgid: Number(fields[2]), startTicks: Number(fields[19]) };
}

let bootMs: number | undefined;

/** When the machine booted (ms since the epoch, to the second), from /proc/stat. */
function bootTimeMs(): number {
  if (bootMs === undefined) {
    const line = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
    bootMs = Number(line?.[1] ?? 0) * 1000;
  }
  return bootMs;
}

// Linux reports start times in USER_HZ ticks, which is 100 on every architecture it supports.
const TICK_MS = 10;

/**
 * The pid a pid file names, when that process still runs. A process that started after the file was
 * written is a later process that reused the pid, not the one recorded (so it is never waited for or killed).
 */
export function recordedPid(file: string): number | undefined {
  let pid: number;
  let writtenMs: number;
  try {
    pid = Number(readFileSync(file, 'utf8').trim());
    writtenMs = statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  const stat = statOf(pid);
  if (!stat || stat.state === 'Z' || stat.state === 'X') return undefined;
  const startedMs = bootTimeMs() + stat.startTicks * TICK_MS;
  return startedMs <= writtenMs + 2000 ? pid : undefined;
}

/** The process group of a running pid. */
export function processGroup(pid: number): number | undefined {
  const stat = statOf(pid);
  return stat && stat.state !== 'Z' ? stat.pgid : undefined;
}

/** Pids of running processes in any of `groups`. */
export function groupMembers(groups: ReadonlySet<number>): number[] {
  if (groups.size === 0) return [];
  const members: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = statOf(Number(name));
    if (stat && stat.state !== 'Z' && groups.has(stat.pgid)) members.push(Number(name));
  }
  return members;
}

/** Waits up to `timeoutMs` until `survivors()` is empty; returns what is left. */
export async function waitUntilGone(
  survivors: () => number[],
  timeoutMs: number,
): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let left = survivors();
  while (left.length > 0 && Date.now() < deadline) {
    await sleep(20);
    left = survivors();
  }
  return left;
}

/** Sends `signal` to a process, ignoring one that is already gone. */
export function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone, or not ours: nothing to do
  }
}
