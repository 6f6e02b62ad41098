// Starts a resident process detached from hop3: its own session, output appended to a log file, as a given user.
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { Hop3Error } from '../errors.js';
import { lastLines } from './run.js';

/** How to start one detached process. */
export interface DetachedOptions {
  /** The complete environment (nothing is inherited). */
  env: Record<string, string>;
  cwd: string;
  /** stdout and stderr are appended here; stdin is /dev/null. */
  logFile: string;
  uid?: number;
  gid?: number;
  /** How long the process must stay up before it counts as started (default 1000 ms). */
  settleMs?: number;
  /** Reads the log's tail for the error message when the process exits during the settle time. */
  readLog?: () => string;
}

/**
 * Starts `command` (absolute binary + arguments, no shell) in a new session and returns its pid once it has
 * stayed up for the settle time. Throws E_START_FAILED when it cannot start or exits at once.
 */
export async function spawnDetached(
  command: readonly string[],
  options: DetachedOptions,
): Promise<number> {
  const [file, ...args] = command;
  if (file === undefined) throw new Hop3Error('E_START_FAILED', 'cannot start an empty command');
  const out = openSync(options.logFile, 'a', 0o640);
  try {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', out, out],
      ...(options.uid === undefined ? {} : { uid: options.uid }),
      ...(options.gid === undefined ? {} : { gid: options.gid }),
    });
    const outcome = await new Promise<{ pid: number } | { error: string }>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      child.once('error', (error) => {
        clearTimeout(timer);
        resolve({ error: error.message });
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        resolve({ error: signal ? `killed by ${signal}` : `exited with code ${code ?? 1}` });
      });
      child.once('spawn', () => {
        timer = setTimeout(() => resolve({ pid: child.pid ?? 0 }), options.settleMs ?? 1000);
      });
    });
    child.removeAllListeners();
    child.unref();
    if ('error' in outcome) {
      throw new Hop3Error('E_START_FAILED', `${file} ${outcome.error}`, {
        details: options.readLog ? lastLines(options.readLog()) : undefined,
        hint: `see ${options.logFile}`,
      });
    }
    return outcome.pid;
  } finally {
    closeSync(out);
  }
}
