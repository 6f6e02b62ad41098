// How hop3 talks to git: simple-git creates app repositories (lib/git/repos.ts), archives a pushed
// revision (lib/pipeline/receive.ts) and reads or sets a client checkout's remotes, branch and config
// (lib/client). The only module that imports simple-git, which starts git itself: that is why it lives
// in lib/proc, with the other modules that start processes. The pack protocol (git upload-pack and
// receive-pack behind ssh and HTTP) streams through run.ts's startPiped and runAttached instead.
// simple-git is loaded on first use: a push to an existing repository does not pay for it.
import { Hop3Error } from '../errors.js';
import { lastLines } from './last-lines.js';

/**
 * Runs git on hop3's own repositories: `env` is the whole environment git gets (nothing inherited), and
 * a failure is E_COMMAND_FAILED "git exited with code N" with git's last lines, like the command runner's.
 */
async function serverGit(
  args: string[],
  env: Record<string, string>,
  baseDir?: string,
): Promise<string> {
  let failed: { exitCode: number; output: string } | undefined;
  const { simpleGit } = await import('simple-git');
  try {
    const git = simpleGit({
      ...(baseDir === undefined ? {} : { baseDir }),
      // hop3 builds this environment itself (the quarantine variables of a pre-receive hook).
      allowEnvironment: Object.keys(env).filter((key) => key.startsWith('GIT_')),
      errors(error, result) {
        if (result.exitCode === 0 && error === undefined) return undefined;
        const output = Buffer.concat([...result.stdOut, ...result.stdErr]).toString('utf8');
        failed = { exitCode: result.exitCode, output };
        return error ?? Buffer.from(output);
      },
    }).env(env);
    return await git.raw(args);
  } catch (error) {
    const why = failed
      ? `exited with code ${failed.exitCode}`
      : `failed: ${(error as Error).message}`;
    throw new Hop3Error('E_COMMAND_FAILED', `git ${why}`, {
      ...(failed ? { details: lastLines(failed.output) } : {}),
      cause: error,
    });
  }
}

/** Creates a bare repository whose first branch is main. */
export async function initBareRepo(repo: string, env: Record<string, string>): Promise<void> {
  await serverGit(['init', '--quiet', '--bare', '--initial-branch=main', repo], env);
}

/** Writes revision `sha` of the bare repository `repo` as a tar file (git runs in the repository). */
export async function archiveRevision(
  repo: string,
  sha: string,
  tarFile: string,
  env: Record<string, string>,
): Promise<void> {
  await serverGit(['archive', '--format=tar', '-o', tarFile, sha], env, repo);
}

/** What the client needs from the git checkout it runs in. */
export interface CheckoutInfo {
  /** Remote name → fetch URL. */
  remotes: Map<string, string>;
  branch: string | undefined;
  sshCommand: string | undefined;
}

/** Reads the client's checkout at `dir` (with the client's own environment). */
export async function readCheckout(dir: string): Promise<CheckoutInfo> {
  const { simpleGit } = await import('simple-git');
  const git = simpleGit({ baseDir: dir });
  const [remotes, branch, sshCommand] = await Promise.all([
    git.getRemotes(true),
    git.raw(['symbolic-ref', '--quiet', '--short', 'HEAD']).catch(() => ''),
    git.getConfig('core.sshCommand'),
  ]);
  return {
    remotes: new Map(remotes.map((r) => [r.name, r.refs.fetch || r.refs.push])),
    branch: branch.trim() || undefined,
    sshCommand: sshCommand.value ?? undefined,
  };
}

/** Adds (or repoints) a remote of the client's checkout. */
export async function setRemote(
  dir: string,
  name: string,
  url: string,
): Promise<'added' | 'updated'> {
  const { simpleGit } = await import('simple-git');
  const git = simpleGit({ baseDir: dir });
  const existing = (await git.getRemotes()).some((r) => r.name === name);
  if (existing) await git.remote(['set-url', name, url]);
  else await git.addRemote(name, url);
  return existing ? 'updated' : 'added';
}
