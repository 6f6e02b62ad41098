// SDK toolkit. Helpers for toolchains that run build tools: running a build tool so a failure keeps the
// compiler's own words, the dependency-cache key of the last install, host binaries.
import {
  accessSync,
  constants,
  existsSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { Hop3Error, isHop3Error } from '../../errors.js';
import type { BuildContext } from '../build.js';

/** One build command and how to explain its failure. */
export interface BuildStep {
  /** What failed, in the error message ("go build"). */
  label: string;
  file: string;
  args: readonly string[];
  /** Variables over the build environment for this step. */
  env?: Record<string, string>;
  /** Lines of the tool's output that state the error (the first one goes in the message). */
  errorLines: (output: string) => string[];
  hint: string;
  /** How a failed dependency download shows in this tool's output (E_DEPENDENCY_DOWNLOAD, not `hint`). */
  download?: DownloadFailure;
}

/** How to tell that a tool failed because it could not download dependencies, and the mirror setting. */
export interface DownloadFailure {
  /** Lines of the tool's output that mean the network failed (not a bad manifest or a typo). */
  patterns: readonly RegExp[];
  /** Where the tool downloads from ("PyPI"). */
  source: string;
  /** The setting that points the tool at a mirror (`PIP_INDEX_URL=https://...`). */
  mirror: string;
}

/** Operating-system network errors, as most tools print them (DNS, refused, unreachable, timeouts). */
export const NETWORK_ERRORS: readonly RegExp[] = [
  /Temporary failure in name resolution|Name or service not known|No address associated with hostname/i,
  /\b(EAI_AGAIN|ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH)\b/,
  /network is unreachable|no route to host|connection refused|connection timed out/i,
  /getaddrinfo|Could not resolve host|UnknownHostException|server misbehaving|i\/o timeout/i,
];

/**
 * E_DEPENDENCY_DOWNLOAD when `output` (the failed tool's lines) shows a network failure by one of
 * `failure.patterns`; undefined otherwise (the tool's own error stands).
 */
export function downloadError(
  label: string,
  output: string,
  failure: DownloadFailure,
): Hop3Error | undefined {
  const lines = plain(output)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => failure.patterns.some((p) => p.test(l)));
  if (lines.length === 0) return undefined;
  return new Hop3Error(
    'E_DEPENDENCY_DOWNLOAD',
    `${label} could not download dependencies from ${failure.source}: ${lines[0] ?? ''}`,
    {
      hint:
        `the server could not reach ${failure.source} (network, DNS or proxy): give it access, or ` +
        `point the build at a mirror with ${failure.mirror}, and push again; the previous release keeps serving`,
      details: lines.slice(0, 20).join('\n'),
    },
  );
}

// Escape sequences some tools print even without a terminal (Maven's jansi resets).
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

/** Output without terminal escape sequences. */
export function plain(text: string): string {
  return text.replace(ANSI, '');
}

/** The lines of `output` matching `pattern`, with the release directory made relative. */
export function matchingLines(output: string, pattern: RegExp, dir: string): string[] {
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  return plain(output)
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => pattern.test(l))
    .map((l) => l.split(prefix).join(''));
}

/** Runs a build step; a failure becomes E_BUILD_FAILED whose message carries the tool's first error line. */
export async function runStep(ctx: BuildContext, step: BuildStep): Promise<void> {
  const seen: string[] = [];
  try {
    await ctx.run(step.file, step.args, {
      ...(step.env ? { env: step.env } : {}),
      onLine: (line) => {
        const text = plain(line);
        seen.push(text);
        if (text.trim()) ctx.log.info(text);
      },
    });
  } catch (error) {
    if (!isHop3Error(error) || error.code !== 'E_COMMAND_FAILED') throw error;
    const network = step.download && downloadError(step.label, seen.join('\n'), step.download);
    if (network) throw network;
    const lines = step.errorLines(seen.join('\n'));
    const why = error.message.slice(step.file.length + 1);
    const message =
      lines[0] === undefined
        ? `${step.label} failed (${why})`
        : `${step.label} failed: ${lines[0]}`;
    const details = lines.length > 0 ? lines.slice(0, 20).join('\n') : error.details;
    throw new Hop3Error('E_BUILD_FAILED', message, { hint: step.hint, details, cause: error });
  }
}

/** Runs a command whose output is data, not progress (versions, metadata); returns its stdout (or stderr). */
export async function query(
  ctx: BuildContext,
  file: string,
  args: readonly string[],
  options: { env?: Record<string, string>; label?: string } = {},
): Promise<string> {
  try {
    const result = await ctx.run(file, args, {
      onLine: () => undefined,
      ...(options.env ? { env: options.env } : {}),
    });
    return (result.stdout || result.stderr).trim();
  } catch (error) {
    if (!isHop3Error(error) || error.code !== 'E_COMMAND_FAILED') throw error;
    // Its output was not streamed: show it under the error.
    for (const line of (error.details ?? '').split('\n')) {
      if (line.trim()) ctx.log.info(plain(line));
    }
    const label = options.label ?? [file, ...args.slice(0, 1)].join(' ');
    throw new Hop3Error(
      'E_BUILD_FAILED',
      `${label} failed (${error.message.slice(file.length + 1)})`,
      {
        hint: 'fix the error shown above and push again',
        details: error.details,
        cause: error,
      },
    );
  }
}

/** True when `key` is the dependency key `name` recorded after the last successful install. */
export function sameKey(cacheDir: string, name: string, key: string): boolean {
  try {
    return readFileSync(join(cacheDir, name), 'utf8').trim() === key;
  } catch {
    return false;
  }
}

/** Records the dependency key of a successful install (atomically). */
export function saveKey(cacheDir: string, name: string, key: string): void {
  const file = join(cacheDir, name);
  writeFileSync(`${file}.tmp`, `${key}\n`);
  renameSync(`${file}.tmp`, file);
}

/** The absolute path of `binary` on the build's PATH, or undefined. */
export function onPath(binary: string, path: string | undefined): string | undefined {
  for (const dir of (path ?? '').split(':')) {
    if (!dir) continue;
    try {
      accessSync(join(dir, binary), constants.X_OK);
      return join(dir, binary);
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** Throws E_BINARY_MISSING when a build tool the app's marker calls for is not installed. */
export function requireTool(ctx: BuildContext, binary: string, why: string, install: string): void {
  if (onPath(binary, ctx.env.PATH) !== undefined) return;
  throw new Hop3Error('E_BINARY_MISSING', `${why} needs "${binary}", which is not installed`, {
    hint: install,
  });
}

/** The first of `markers` at the app's root; E_BUILD_FAILED when none is (a pinned toolchain without its files). */
export function requireMarker(
  ctx: BuildContext,
  toolchain: string,
  markers: readonly string[],
): string {
  const found = markers.find((m) => existsSync(join(ctx.sourceDir, m)));
  if (found !== undefined) return found;
  throw new Hop3Error(
    'E_BUILD_FAILED',
    `the ${toolchain} toolchain needs ${markers.join(' or ')} at the app's root`,
    {
      hint: `commit ${markers[0] ?? 'it'}, or pin another toolchain in hop3.toml [build] toolchain`,
    },
  );
}
