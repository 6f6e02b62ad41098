// git:set: per-app git settings (the deploy branch).
import { Hop3Error } from '../../errors.js';
import { defineCommand } from '../spec.js';
import { requireApp } from './shared.js';
import { appEvent } from '../record-event.js';

const BRANCH = /^(?!-)(?!.*\.\.)(?!.*\/\/)[A-Za-z0-9._/-]{1,100}(?<![./])$/;

export const gitCommands = [
  defineCommand({
    name: 'git:set',
    summary:
      'set the branch whose pushes deploy (default: main or master, whichever is pushed first)',
    usage: 'APP deploy-branch [BRANCH]',
    description:
      'Without BRANCH, goes back to the default. Pushes to any other branch are refused.',
    args: { min: 2, max: 3 },
    event: appEvent(
      ({ positionals }) => `deploy branch ${positionals[2] ?? 'main or master (default)'}`,
    ),
    access: 'app',
    run(ctx, { positionals }) {
      const app = requireApp(ctx, positionals[0]);
      const [, key, branch] = positionals;
      if (key !== 'deploy-branch') {
        throw new Hop3Error('E_USAGE', `unknown git setting ${JSON.stringify(key)}`, {
          hint: `git:set ${app.name} deploy-branch main`,
        });
      }
      if (branch !== undefined && !BRANCH.test(branch)) {
        throw new Hop3Error('E_INVALID_VALUE', `invalid branch name ${JSON.stringify(branch)}`, {
          hint: 'use a name like "main" or "production"',
        });
      }
      ctx.state().apps.setDeployBranch(app.id, branch ?? null);
      ctx.print(
        branch === undefined
          ? `${app.name} deploys pushes to main or master`
          : `${app.name} deploys pushes to ${branch}`,
      );
      return 0;
    },
  }),
];
