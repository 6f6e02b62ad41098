// Bare repositories, one per app, created for a push session with hop3's pre-receive hook, removed again when
// the session pushed nothing.
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { writeFileAtomic } from '../atomic-write.js';
import { join } from 'node:path';
import { shellQuote } from '../domain/shell-words.js';
import { TEMPLATES_DIR } from '../install-root.js';
import type { Paths } from '../paths.js';
import { initBareRepo } from '../proc/git.js';
import { SYSTEM_PATH } from '../proc/run.js';
import type { Settings } from '../settings.js';
import { createRenderer } from '../templates/render.js';

/** The text of an app's pre-receive hook. */
export function preReceiveHook(paths: Paths, settings: Settings, app: string): string {
  return createRenderer(TEMPLATES_DIR)('git/pre-receive.njk', {
    home: shellQuote(paths.home),
    hop3: shellQuote(settings.hop3Command),
    app: shellQuote(app),
  });
}

/** Creates the app's bare repository if needed and (re)writes its hook. Returns the repository path. */
export async function ensureRepo(paths: Paths, settings: Settings, app: string): Promise<string> {
  const repo = paths.repo(app);
  if (!existsSync(join(repo, 'HEAD'))) {
    mkdirSync(paths.repos, { recursive: true });
    await initBareRepo(repo, { PATH: SYSTEM_PATH, LANG: 'C.UTF-8' });
  }
  const hook = join(repo, 'hooks', 'pre-receive');
  const text = preReceiveHook(paths, settings, app);
  if (!existsSync(hook) || readFileSync(hook, 'utf8') !== text) {
    mkdirSync(join(repo, 'hooks'), { recursive: true });
    writeFileAtomic(hook, text, 0o755);
    chmodSync(hook, 0o755);
  }
  return repo;
}

/** Whether a repository has any ref (a file under refs/, or a line in packed-refs). */
function hasRefs(repo: string): boolean {
  const packed = join(repo, 'packed-refs');
  if (
    existsSync(packed) &&
    readFileSync(packed, 'utf8')
      .split('\n')
      .some((l) => /^[0-9a-f]{40}/.test(l))
  )
    return true;
  const walk = (dir: string): boolean =>
    readdirSync(dir, { withFileTypes: true }).some((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : true,
    );
  return existsSync(join(repo, 'refs')) && walk(join(repo, 'refs'));
}

/**
 * Removes a repository that holds nothing (no ref, no push being received): what a push session leaves
 * when it updated no ref. The caller checks that no app owns it. Synchronous, so a server handling
 * several requests cannot start one between the checks and the removal. A second ssh session that just
 * opened on the same new app may lose its repository this way and has to push again.
 */
export function removeUnusedRepo(paths: Paths, app: string): boolean {
  const repo = paths.repo(app);
  if (!existsSync(join(repo, 'HEAD'))) return false;
  // git receives a push into objects/tmp_objdir-incoming-* (quarantine) before its hook runs.
  if (
    readdirSync(join(repo, 'objects')).some(
      (e) => e.startsWith('tmp_objdir') || e.startsWith('incoming-'),
    )
  )
    return false;
  if (hasRefs(repo)) return false;
  rmSync(repo, { recursive: true, force: true });
  return true;
}
