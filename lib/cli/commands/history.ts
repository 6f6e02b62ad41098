// rollback, releases:info, apps:cleanup: an app's releases over time.
import { existsSync, readFileSync } from 'node:fs';
import { defineCommand } from '../spec.js';
import { requireApp } from './shared.js';
import { appEvent } from '../record-event.js';

export const historyCommands = [
  defineCommand({
    name: 'rollback',
    summary: 'run an earlier successful release again (its build and config), as a new release',
    usage: 'APP [RELEASE]',
    description:
      'RELEASE is v3 or 3; by default the successful release before the current one. No rebuild.',
    args: { min: 1, max: 2 },
    event: appEvent(
      ({ positionals }) => `rolled back to ${positionals[1] ?? 'the previous successful release'}`,
    ),
    access: 'app',
    async run(ctx, { positionals }) {
      const app = requireApp(ctx, positionals[0]);
      const { parseReleaseId, rollbackApp } = await import('../../pipeline/rollback.js');
      const target = positionals[1] === undefined ? undefined : parseReleaseId(positionals[1]);
      await rollbackApp(await ctx.services(), app.name, {
        ...(target === undefined ? {} : { target }),
        log: ctx.reporter,
        pushedBy: ctx.user,
      });
      return 0;
    },
  }),
  defineCommand({
    name: 'releases:info',
    summary: 'show one release and its build and deploy log',
    usage: 'APP RELEASE',
    args: { min: 2, max: 2 },
    access: 'app',
    async run(ctx, { positionals }) {
      const app = requireApp(ctx, positionals[0]);
      const { parseReleaseId } = await import('../../pipeline/rollback.js');
      const r = ctx.state().releases.get(app.id, parseReleaseId(positionals[1] ?? ''), app.name);
      const fields: [string, string][] = [
        ['Release', `v${r.number}${r.number === app.currentRelease ? ' (current)' : ''}`],
        ['Status', r.status + (r.error ? `: ${r.error}` : '')],
        ['Description', r.description],
        ['Commit', r.gitSha ?? '-'],
        [
          'Build',
          r.buildNumber === null || r.buildNumber === r.number ? 'its own' : `v${r.buildNumber}'s`,
        ],
        ['Deployer', r.deployer ?? '-'],
        ['By', r.pushedBy ?? '-'],
        ['Created', r.createdAt],
        ['Finished', r.finishedAt ?? '-'],
        ['Config', Object.keys(r.config).join(', ') || '(none)'],
      ];
      ctx.print(`=== ${app.name} v${r.number}`);
      for (const [k, v] of fields) ctx.print(`${`${k}:`.padEnd(13)} ${v}`);
      ctx.print('');
      ctx.print(
        r.buildLog && existsSync(r.buildLog)
          ? readFileSync(r.buildLog, 'utf8').trimEnd()
          : '(no build log: this release ran an earlier build)',
      );
      return 0;
    },
  }),
  defineCommand({
    name: 'apps:cleanup',
    summary:
      'remove builds older than the last successful releases kept for rollback, and unused caches',
    usage: 'APP [--keep N]',
    args: { min: 1, max: 1 },
    event: appEvent(
      ({ options }) =>
        `removed old builds${typeof options.keep === 'string' ? ` (keep ${options.keep})` : ''}`,
    ),
    access: 'app',
    options: {
      keep: {
        type: 'string',
        valueName: 'N',
        description: 'successful releases to keep (default: settings keepReleases, 5)',
      },
    },
    async run(ctx, { positionals, options }) {
      const app = requireApp(ctx, positionals[0]);
      const { cleanupApp, formatBytes } = await import('../../pipeline/retention.js');
      const { acquireLock } = await import('../../state/lock.js');
      const { Hop3Error } = await import('../../errors.js');
      const keep = options.keep === undefined ? undefined : Number(options.keep);
      if (keep !== undefined && (!Number.isInteger(keep) || keep < 1)) {
        throw new Hop3Error(
          'E_USAGE',
          `--keep must be a whole number of at least 1, got ${JSON.stringify(options.keep)}`,
        );
      }
      const s = await ctx.services();
      const lock = acquireLock(ctx.paths.locks, app.name, 'apps:cleanup');
      try {
        const r = await cleanupApp(s, app.name, keep);
        ctx.reporter.step(
          `Cleaned ${app.name}: removed ${r.builds.length} build(s)${r.builds.length ? ` (${r.builds.map((n) => `v${n}`).join(', ')})` : ''} and ${r.cacheEntries.length} cache entr${r.cacheEntries.length === 1 ? 'y' : 'ies'}, freed ${formatBytes(r.freedBytes)}`,
        );
      } finally {
        lock.release();
      }
      return 0;
    },
  }),
];
