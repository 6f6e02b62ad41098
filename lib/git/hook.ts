// The pre-receive hook: only the deploy branch deploys; other refs and deletions are refused.
import { validateAppName } from '../domain/names.js';
import { Hop3Error } from '../errors.js';
import type { LineSink } from '../output/reporter.js';
import { deployRevision } from '../pipeline/deploy.js';
import type { Services } from '../pipeline/services.js';

/** One line of pre-receive input. */
export interface RefUpdate {
  oldSha: string;
  newSha: string;
  ref: string;
}

const ZERO = /^0+$/;

/** Parses pre-receive stdin ("<old> <new> <ref>" per line). */
export function parseRefUpdates(input: string): RefUpdate[] {
  return input
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .map((l) => {
      const [oldSha = '', newSha = '', ref = ''] = l.split(/\s+/);
      return { oldSha, newSha, ref };
    });
}

/** The branches a push may deploy: the app's deploy branch, or main and master when none is set. */
export function deployBranches(configured: string | null): string[] {
  return configured ? [configured] : ['main', 'master'];
}

/** Checks the pushed refs and returns the one update to deploy; throws E_REF_REFUSED otherwise. */
export function chooseUpdate(updates: RefUpdate[], branches: string[]): RefUpdate {
  const allowed = branches.map((b) => `refs/heads/${b}`);
  const shown = branches.join(' or ');
  for (const u of updates) {
    if (!allowed.includes(u.ref)) {
      const name = u.ref.replace(/^refs\/heads\//, '');
      throw new Hop3Error('E_REF_REFUSED', `pushing ${u.ref} is refused: only ${shown} deploys`, {
        hint: u.ref.startsWith('refs/heads/')
          ? `to deploy this branch: git push hop3 ${name}:${branches[0] ?? 'main'}`
          : `push a branch: git push hop3 ${branches[0] ?? 'main'}`,
      });
    }
    if (ZERO.test(u.newSha))
      throw new Hop3Error('E_REF_REFUSED', `deleting ${u.ref} is refused: it is the deploy branch`);
  }
  if (updates.length !== 1 || !updates[0]) {
    throw new Hop3Error(
      'E_REF_REFUSED',
      `push one deploy branch at a time (got ${updates.map((u) => u.ref).join(', ') || 'nothing'})`,
    );
  }
  return updates[0];
}

/** Runs the deploy for a push; throwing makes git reject it. */
export async function handlePreReceive(
  s: Services,
  appArg: string,
  input: string,
  opts: { pushedBy: string; out: LineSink },
): Promise<void> {
  const appName = validateAppName(appArg);
  const existing = s.state.apps.find(appName);
  const update = chooseUpdate(
    parseRefUpdates(input),
    deployBranches(existing?.deployBranch ?? null),
  );
  // The push updates the deploy branch: from here on the app exists (a refused push leaves none behind).
  const app = existing ?? s.state.apps.ensure(appName);
  await deployRevision(s, {
    app: appName,
    sha: update.newSha,
    description: `Deploy ${update.newSha.slice(0, 7)}`,
    pushedBy: opts.pushedBy,
    out: opts.out,
  });
  if (app.deployBranch === null)
    s.state.apps.setDeployBranch(app.id, update.ref.replace(/^refs\/heads\//, ''));
}
