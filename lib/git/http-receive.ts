// The POST of a git push over HTTP (`git-receive-pack`, smart protocol): hop3 runs git itself rather than
// node-git-server, so the push's bytes go through the size limit before git stores anything.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { startPiped } from '../proc/run.js';
import { pushTooLarge, receiveWithLimit, refusalResponse } from './push-limit.js';

/** Runs `git receive-pack --stateless-rpc` on `repo` for one request; a push over `limitMb` gets hop3's refusal. */
export async function serveReceivePack(
  req: IncomingMessage,
  res: ServerResponse,
  opts: { repo: string; env: Record<string, string>; limitMb: number },
): Promise<void> {
  const input: Readable =
    req.headers['content-encoding'] === 'gzip' ? req.pipe(createGunzip()) : req;
  res.setHeader('content-type', 'application/x-git-receive-pack-result');
  res.setHeader('cache-control', 'no-cache, max-age=0, must-revalidate');
  const git = startPiped('git', ['receive-pack', '--stateless-rpc', opts.repo], opts.env, 'pipe');
  git.stdout?.pipe(res, { end: false });
  const { refusedHead } = await receiveWithLimit(input, git, opts.limitMb * 1024 * 1024);
  if (git.stdout) await finished(git.stdout).catch(() => undefined);
  if (!refusedHead) {
    res.end();
    return;
  }
  // Answer at once and read the rest of the upload into nothing: closing a socket with unread data
  // would reset the connection and lose the answer.
  req.resume();
  res.setHeader('connection', 'close');
  res.end(refusalResponse(refusedHead, pushTooLarge(opts.limitMb)));
}
