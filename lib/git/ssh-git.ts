// git over ssh: receive-pack runs on the app's repository (made for the session and removed again when no
// push created the app), its input counted against the push size limit; upload-pack needs the app to exist.
import { existsSync } from 'node:fs';
import { Hop3Error } from '../errors.js';
import type { Paths } from '../paths.js';
import { runAttached, startPiped } from '../proc/run.js';
import { pushTooLarge, receiveWithLimit, refusalResponse } from './push-limit.js';
import type { Settings } from '../settings.js';
import type { State } from '../state/index.js';
import { ensureRepo, removeUnusedRepo } from './repos.js';

/** What an ssh git session uses. */
export interface GitSessionDeps {
  paths: Paths;
  settings(): Settings;
  state(): State;
  /** Closes the state database while git runs (the push's hook opens its own). */
  close(): void;
}

/** Runs `git receive-pack` or `git upload-pack` on the app's repository, wired to the ssh session. */
export async function serveGitOverSsh(
  deps: GitSessionDeps,
  service: 'receive-pack' | 'upload-pack',
  app: string,
  keyName: string,
): Promise<number> {
  const repo = deps.paths.repo(app);
  const env = {
    HOME: deps.paths.home,
    HOP3_HOME: deps.paths.home,
    HOP3_PUSHER: keyName,
    LANG: 'C.UTF-8',
  };
  if (service === 'upload-pack') {
    if (!existsSync(repo))
      throw new Hop3Error('E_APP_NOT_FOUND', `app "${app}" does not exist`, {
        hint: 'push to it first',
      });
    deps.close();
    return runAttached('git', ['upload-pack', repo], env);
  }
  const limitMb = deps.settings().git.maxPushMb;
  await ensureRepo(deps.paths, deps.settings(), app);
  deps.close();
  const git = startPiped('git', ['receive-pack', repo], env, 'inherit');
  const { exitCode, refusedHead } = await receiveWithLimit(
    process.stdin,
    git,
    limitMb * 1024 * 1024,
  );
  process.stdin.destroy();
  if (refusedHead) {
    const answer = refusalResponse(refusedHead, pushTooLarge(limitMb));
    await new Promise((done) => process.stdout.write(answer, done));
  }
  // The pre-receive hook creates the app when a push updates its deploy branch; without that, nothing stays.
  if (!deps.state().apps.find(app)) removeUnusedRepo(deps.paths, app);
  deps.close();
  return refusedHead ? 1 : exitCode;
}
