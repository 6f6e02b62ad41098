// The maximum push size (settings git.maxPushMb), for ssh and HTTP alike: the push's bytes flow through a
// counter into `git receive-pack`; past the limit git is stopped before it stores anything, and the
// client gets hop3's one-line error as `remote:` lines and every ref reported as rejected.
import { rmSync } from 'node:fs';
import { basename } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { Hop3Error } from '../errors.js';
import { childPids, processEnvVar } from '../proc/pids.js';
import type { PipedChild } from '../proc/run.js';

/** The error a push over the limit gets. */
export function pushTooLarge(limitMb: number): Hop3Error {
  return new Hop3Error(
    'E_PUSH_TOOLARGE',
    `push refused: it is larger than this server's limit of ${limitMb} MB (git.maxPushMb)`,
    {
      hint: 'push less history at once, or raise "git": { "maxPushMb": N } in the server\'s settings.json',
    },
  );
}

/** One pkt-line of the git protocol. */
function pkt(payload: Buffer | string): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  return Buffer.concat([Buffer.from((body.length + 4).toString(16).padStart(4, '0')), body]);
}

const FLUSH = Buffer.from('0000');

/** What the start of a push request says: the refs it updates and the capabilities the client asked for. */
export function readPushCommands(head: Buffer): {
  refs: string[];
  sideband: boolean;
  report: boolean;
} {
  const refs: string[] = [];
  let capabilities: string[] = [];
  for (let at = 0; at + 4 <= head.length;) {
    const length = Number.parseInt(head.subarray(at, at + 4).toString('latin1'), 16);
    if (!Number.isInteger(length) || length < 4 || at + length > head.length) break; // a flush (0) ends the commands
    let line = head.subarray(at + 4, at + length).toString('utf8');
    const nul = line.indexOf('\0');
    if (nul >= 0) {
      capabilities = line
        .slice(nul + 1)
        .trim()
        .split(/\s+/);
      line = line.slice(0, nul);
    }
    const [, , ref] = line.trim().split(' ');
    if (ref) refs.push(ref);
    at += length;
  }
  return {
    refs,
    sideband: capabilities.includes('side-band-64k') || capabilities.includes('side-band'),
    report: capabilities.includes('report-status') || capabilities.includes('report-status-v2'),
  };
}

/** The receive-pack answer refusing a push: the error as progress lines, every ref rejected. */
export function refusalResponse(head: Buffer, error: Hop3Error): Buffer {
  const { refs, sideband, report } = readPushCommands(head);
  const reason = 'push too large';
  const status = report
    ? [pkt(`unpack ${reason}\n`), ...refs.map((ref) => pkt(`ng ${ref} ${reason}\n`)), FLUSH]
    : [];
  if (!sideband) return Buffer.concat(status);
  const message = [
    ` !     ${error.message}`,
    ...(error.hint ? [` !     hint: ${error.hint}`] : []),
  ].join('\n');
  const parts = [pkt(Buffer.concat([Buffer.from([2]), Buffer.from(`${message}\n`)]))];
  if (status.length > 0) parts.push(pkt(Buffer.concat([Buffer.from([1]), ...status])));
  return Buffer.concat([...parts, FLUSH]);
}

const HEAD_BYTES = 64 * 1024;

/** Passes bytes through until more than `limit` went by, then calls `stop` and fails; keeps the push's first bytes. */
function createCounter(
  limit: number,
  stop: () => Promise<unknown>,
): { stream: Transform; over(): boolean; head(): Buffer } {
  let total = 0;
  let over = false;
  let head = Buffer.alloc(0);
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (head.length < HEAD_BYTES)
        head = Buffer.concat([head, chunk.subarray(0, HEAD_BYTES - head.length)]);
      total += chunk.length;
      if (total <= limit) {
        done(null, chunk);
        return;
      }
      // Stop git before its input ends, so it neither stores the pack nor answers with an error of its own.
      over = true;
      void stop()
        .catch(() => undefined)
        .then(() => done(new Error('push too large')));
    },
  });
  return { stream, over: () => over, head: () => head };
}

/**
 * Feeds `input` to git's stdin until git exits; returns its exit code and, when refused, the push's first
 * bytes. `input` is unpiped, not destroyed: the caller closes or drains it (an HTTP response must still go out).
 */
export async function receiveWithLimit(
  input: Readable,
  git: PipedChild,
  limitBytes: number,
): Promise<{ exitCode: number; refusedHead?: Buffer }> {
  const counter = createCounter(limitBytes, async () => {
    // git's child (unpack-objects or index-pack) reads the pack into a quarantine directory named in its
    // environment: kill them all at once, then remove exactly that directory.
    const quarantine = childPids(git.pid)
      .map((pid) => processEnvVar(pid, 'GIT_QUARANTINE_PATH'))
      .find((path) => path !== undefined);
    git.kill('SIGKILL');
    await git.exited;
    if (quarantine && basename(quarantine).startsWith('tmp_objdir-incoming-'))
      rmSync(quarantine, { recursive: true, force: true });
  });
  input.pipe(counter.stream);
  // A client that goes away mid-push ends git's input too, so git does not wait for the rest.
  finished(input).catch((error: unknown) =>
    counter.stream.destroy(error instanceof Error ? error : new Error(String(error))),
  );
  // Fails when refused, or when git exits before the client stops sending: the exit code tells.
  pipeline(counter.stream, git.stdin)
    .catch(() => undefined)
    .finally(() => input.unpipe(counter.stream));
  const exitCode = await git.exited;
  return counter.over() ? { exitCode, refusedHead: counter.head() } : { exitCode };
}
