// Reads a checkout's remotes, current branch and core.sshCommand with simple-git (the client's only use of it).
import { simpleGit } from 'simple-git';

/** What the client needs from the git checkout it runs in. */
export interface CheckoutInfo {
  /** Remote name → fetch URL. */
  remotes: Map<string, string>;
  branch: string | undefined;
  sshCommand: string | undefined;
}

/** Reads the checkout at `dir`. */
export async function readCheckout(dir: string): Promise<CheckoutInfo> {
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

/** Adds (or repoints) a remote. */
export async function setRemote(
  dir: string,
  name: string,
  url: string,
): Promise<'added' | 'updated'> {
  const git = simpleGit({ baseDir: dir });
  const existing = (await git.getRemotes()).some((r) => r.name === name);
  if (existing) await git.remote(['set-url', name, url]);
  else await git.addRemote(name, url);
  return existing ? 'updated' : 'added';
}
