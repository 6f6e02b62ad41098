// Bare repositories, one per app, created on first push with hop3's pre-receive hook.
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../atomic-write.js';
import { join } from 'node:path';
import { shellQuote } from '../domain/shell-words.js';
import { TEMPLATES_DIR } from '../install-root.js';
import type { Paths } from '../paths.js';
import { run } from '../proc/run.js';
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
    await run('git', ['init', '--quiet', '--bare', '--initial-branch=main', repo]);
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
