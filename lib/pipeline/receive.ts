// Receive: the pushed revision's tree, extracted into a fresh release directory (git archive | tar).
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { AppSandbox } from '../identity/app-sandbox.js';
import { archiveRevision } from '../proc/git.js';
import { SYSTEM_PATH } from '../proc/run.js';

/** Git variables a pre-receive hook must pass on so git can read the quarantined objects. */
const GIT_PASSTHROUGH = [
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_QUARANTINE_PATH',
];

/** The environment for git commands run against an app's bare repository. */
export function gitEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of GIT_PASSTHROUGH) {
    const value = env[key];
    if (value) out[key] = value;
  }
  return out;
}

/**
 * Extracts `sha` of `repo` into `dir` (created; must not exist): hop3 writes the archive into the app's
 * meta directory (`tarDir`), the app's user creates the release and unpacks it (so the app owns its files).
 */
export async function extractSource(
  sandbox: AppSandbox,
  repo: string,
  sha: string,
  dir: string,
  tarDir: string,
): Promise<void> {
  mkdirSync(tarDir, { recursive: true, mode: 0o750 });
  const tar = join(tarDir, `${basename(dir)}.tar`);
  try {
    await archiveRevision(repo, sha, tar, { PATH: SYSTEM_PATH, LANG: 'C.UTF-8', ...gitEnv() });
    chmodSync(tar, 0o640);
    await sandbox.files([
      { op: 'mkdir', path: dir, mode: sandbox.user === undefined ? 0o755 : 0o2750 },
    ]);
    await sandbox.run('tar', ['-xf', tar, '-C', dir, '--no-same-owner']);
  } finally {
    rmSync(tar, { force: true });
  }
}
