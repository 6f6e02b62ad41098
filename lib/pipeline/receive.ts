// Receive: the pushed revision's tree, extracted into a fresh release directory (git archive | tar).
import { mkdirSync, rmSync } from 'node:fs';
import type { RunCommand } from '../proc/run.js';

/** Git variables a pre-receive hook must pass on so git can read the quarantined objects. */
const GIT_PASSTHROUGH = ['GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_QUARANTINE_PATH'];

/** The environment for git commands run against an app's bare repository. */
export function gitEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of GIT_PASSTHROUGH) {
    const value = env[key];
    if (value) out[key] = value;
  }
  return out;
}

/** Extracts `sha` of `repo` into `dir` (created; must not exist). */
export async function extractSource(run: RunCommand, repo: string, sha: string, dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const tar = `${dir}.tar`;
  try {
    await run('git', ['--git-dir', repo, 'archive', '--format=tar', '-o', tar, sha], { env: gitEnv() });
    await run('tar', ['-xf', tar, '-C', dir, '--no-same-owner']);
  } finally {
    rmSync(tar, { force: true });
  }
}
