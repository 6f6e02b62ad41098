// The command runner: the only module that starts processes. Argument arrays, explicit env, timeouts.
import type { Readable, Writable } from 'node:stream';
import { execa } from 'execa';
import { Hop3Error } from '../errors.js';

import { lastLines } from './last-lines.js';
import { SYSTEM_PATH } from './system-path.js';

export { SYSTEM_PATH };

/** How to run one command. */
export interface RunOptions {
  cwd?: string;
  /** The complete environment (nothing is inherited); PATH defaults to SYSTEM_PATH. */
  env?: Record<string, string>;
  /** Kill the command after this many milliseconds (default 10 minutes). */
  timeoutMs?: number;
  /** Text written to the command's stdin. */
  input?: string;
  /** Called with each output line as it arrives (stdout and stderr interleaved). */
  onLine?: (line: string) => void;
  /** When false, a non-zero exit is returned instead of thrown. Default true. */
  reject?: boolean;
}

/** What a finished command produced. */
export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved, as a person would have seen them. */
  all: string;
  durationMs: number;
}

/** Runs `file` with `args` (never through a shell). */
export type RunCommand = (
  file: string,
  args: readonly string[],
  options?: RunOptions,
) => Promise<RunResult>;

export { lastLines };

/** Runs a command through execa with hop3's conventions. */
export const run: RunCommand = async (file, args, options = {}) => {
  const env = { PATH: SYSTEM_PATH, LANG: 'C.UTF-8', ...options.env };
  const started = performance.now();
  const child = execa(file, [...args], {
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    env,
    extendEnv: false,
    timeout: options.timeoutMs ?? 600_000,
    reject: false,
    all: true,
    stripFinalNewline: false,
    encoding: 'utf8',
    ...(options.input === undefined ? { stdin: 'ignore' as const } : { input: options.input }),
  });
  if (options.onLine) {
    const onLine = options.onLine;
    let pending = '';
    const stream = child.all;
    stream.on('data', (chunk: Buffer | string) => {
      pending += chunk.toString();
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      for (const part of parts) onLine(part.replace(/\r$/, ''));
    });
    stream.on('end', () => {
      if (pending) onLine(pending);
    });
  }
  const result = await child;
  const durationMs = performance.now() - started;
  const all = typeof result.all === 'string' ? result.all : '';
  const out: RunResult = {
    exitCode: result.exitCode ?? (result.timedOut ? 124 : 1),
    stdout: typeof result.stdout === 'string' ? result.stdout : '',
    stderr: typeof result.stderr === 'string' ? result.stderr : '',
    all,
    durationMs,
  };
  if (result.failed && options.reject !== false) {
    const why = result.timedOut
      ? `timed out after ${Math.round((options.timeoutMs ?? 600_000) / 1000)} s`
      : result.exitCode === undefined
        ? (result.originalMessage ?? result.shortMessage)
        : `exited with code ${result.exitCode}`;
    throw new Hop3Error('E_COMMAND_FAILED', `${file} ${why}`, {
      details: lastLines(all),
      cause: result,
    });
  }
  return out;
};

/** Runs a command wired to this process's stdin, stdout and stderr (git over ssh); returns its exit code. */
export async function runAttached(
  file: string,
  args: readonly string[],
  env: Record<string, string>,
): Promise<number> {
  const result = await execa(file, [...args], {
    env: { PATH: SYSTEM_PATH, ...env },
    extendEnv: false,
    stdio: 'inherit',
    reject: false,
  });
  return result.exitCode ?? 1;
}

/** A running command whose stdin (and, unless inherited, stdout) the caller streams. */
export interface PipedChild {
  pid: number;
  stdin: Writable;
  /** null when stdout is inherited. */
  stdout: Readable | null;
  /** Signals the command and every process it started (it runs in its own process group). */
  kill(signal: NodeJS.Signals): void;
  /** Resolves with the exit code (1 when killed by a signal). */
  exited: Promise<number>;
}

/** Starts a command with stdin piped, stdout piped or inherited, stderr inherited (git behind ssh or HTTP). */
export function startPiped(
  file: string,
  args: readonly string[],
  env: Record<string, string>,
  stdout: 'pipe' | 'inherit',
): PipedChild {
  const child = execa(file, [...args], {
    env: { PATH: SYSTEM_PATH, ...env },
    extendEnv: false,
    stdin: 'pipe',
    stdout,
    stderr: 'inherit',
    reject: false,
    buffer: false,
    detached: true,
  });
  const pid = child.pid ?? 0;
  return {
    pid,
    stdin: child.stdin,
    stdout: child.stdout ?? null,
    kill(signal) {
      try {
        process.kill(-pid, signal);
      } catch {
        // already gone
      }
    },
    exited: child.then((r) => r.exitCode ?? 1),
  };
}
