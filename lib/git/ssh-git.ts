// git over ssh: receive-pack creates the app and its repository on first push; upload-pack needs it to exist.
import { existsSync } from 'node:fs';
import type { CommandContext } from '../cli/context.js';
import { Hop3Error } from '../errors.js';
import { runAttached } from '../proc/run.js';
import { ensureRepo } from './repos.js';

/** Runs `git receive-pack` or `git upload-pack` on the app's repository, wired to the ssh session. */
export async function serveGitOverSsh(ctx: CommandContext, service: 'receive-pack' | 'upload-pack', app: string, keyName: string): Promise<number> {
  const repo = ctx.paths.repo(app);
  if (service === 'receive-pack') {
    ctx.state().apps.ensure(app);
    await ensureRepo(ctx.paths, ctx.settings(), app);
  } else if (!existsSync(repo)) {
    throw new Hop3Error('E_APP_NOT_FOUND', `app "${app}" does not exist`, { hint: 'push to it first' });
  }
  ctx.close();
  return runAttached('git', [service, repo], {
    HOME: ctx.paths.home,
    HOP3_HOME: ctx.paths.home,
    HOP3_PUSHER: keyName,
    LANG: 'C.UTF-8',
  });
}
