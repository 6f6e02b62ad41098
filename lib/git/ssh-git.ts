// git over ssh: receive-pack runs on the app's repository (made for the session and removed again when no
// push created the app), its input counted against the push size limit; upload-pack needs the app to exist.
import { existsSync } from 'node:fs';
import type { CommandContext } from '../cli/context.js';
import { Hop3Error } from '../errors.js';
import { runAttached, startPiped } from '../proc/run.js';
import { pushTooLarge, receiveWithLimit, refusalResponse } from './push-limit.js';
import { ensureRepo, removeUnusedRepo } from './repos.js';

/** Runs `git receive-pack` or `git upload-pack` on the app's repository, wired to the ssh session. */
export async function serveGitOverSsh(ctx: CommandContext, service: 'receive-pack' | 'upload-pack', app: string, keyName: string): Promise<number> {
  const repo = ctx.paths.repo(app);
  const env = { HOME: ctx.paths.home, HOP3_HOME: ctx.paths.home, HOP3_PUSHER: keyName, LANG: 'C.UTF-8' };
  if (service === 'upload-pack') {
    if (!existsSync(repo)) throw new Hop3Error('E_APP_NOT_FOUND', `app "${app}" does not exist`, { hint: 'push to it first' });
    ctx.close();
    return runAttached('git', ['upload-pack', repo], env);
  }
  const limitMb = ctx.settings().git.maxPushMb;
  await ensureRepo(ctx.paths, ctx.settings(), app);
  ctx.close();
  const git = startPiped('git', ['receive-pack', repo], env, 'inherit');
  const { exitCode, refusedHead } = await receiveWithLimit(process.stdin, git, limitMb * 1024 * 1024);
  process.stdin.destroy();
  if (refusedHead) {
    const answer = refusalResponse(refusedHead, pushTooLarge(limitMb));
    await new Promise((done) => process.stdout.write(answer, done));
  }
  // The pre-receive hook creates the app when a push updates its deploy branch; without that, nothing stays.
  if (!ctx.state().apps.find(app)) removeUnusedRepo(ctx.paths, app);
  ctx.close();
  return refusedHead ? 1 : exitCode;
}
