// domains, domains:add, domains:remove: extra host names an app answers to (one owner per name).
import { Hop3Error } from '../../errors.js';
import type { CommandContext } from '../context.js';
import { defineCommand } from '../spec.js';
import { printShape } from '../print-json.js';
import { domainRows, requireApp } from './shared.js';
import { appEvent } from '../record-event.js';

const noRestart = {
  type: 'boolean',
  description: 'store the change now, apply it at the next restart or deploy',
} as const;

/** Puts the app's current domains in front of it with a restart (no new release, no rebuild). */
async function applyDomains(ctx: CommandContext, app: string, skip: unknown): Promise<void> {
  if (skip === true) {
    ctx.reporter.info(
      'not restarted (--no-restart): the change applies at the next restart or deploy',
    );
    return;
  }
  const { restartApp } = await import('../../pipeline/restart.js');
  await restartApp(await ctx.services(), app, { log: ctx.reporter });
}

export const domainCommands = [
  defineCommand({
    name: 'domains',
    access: 'app',
    summary: 'list the host names an app answers to',
    usage: 'APP [--json]',
    args: { min: 1, max: 1 },
    options: { json: { type: 'boolean', description: 'print JSON' } },
    run(ctx, { positionals, options }) {
      const app = requireApp(ctx, positionals[0]);
      const rows = domainRows(ctx, app);
      if (options.json) printShape((l) => ctx.print(l), 'domainsShape', rows);
      else {
        ctx.print(`=== ${app.name} domains`);
        for (const r of rows)
          ctx.print(
            `${r.hostname}${r.source === 'cli' ? '' : `  (${r.source === 'toml' ? 'hop3.toml' : r.source})`}`,
          );
      }
      return 0;
    },
  }),
  defineCommand({
    name: 'domains:add',
    access: 'app',
    summary: 'make an app answer to a host name too (refused when another app has it)',
    usage: 'APP NAME [--no-restart]',
    args: { min: 2, max: 2 },
    event: appEvent(({ positionals }) => `added ${positionals[1] ?? ''}`),
    options: { 'no-restart': noRestart },
    async run(ctx, { positionals, options }) {
      const app = requireApp(ctx, positionals[0]);
      const { checkDomain } = await import('../../pipeline/domains.js');
      const state = ctx.state();
      const { mayUseApp } = await import('../../access/rules.js');
      const scope = ctx.scope();
      const name = checkDomain(
        { state, settings: ctx.settings() },
        app.name,
        positionals[1] ?? '',
        (owner) => mayUseApp(scope, owner),
      );
      state.domains.add(app.id, name);
      ctx.reporter.step(`Added ${name} to ${app.name}`);
      await applyDomains(ctx, app.name, options['no-restart']);
      return 0;
    },
  }),
  defineCommand({
    name: 'domains:remove',
    access: 'app',
    summary: 'stop an app answering to a host name added with domains:add',
    usage: 'APP NAME [--no-restart]',
    args: { min: 2, max: 2 },
    event: appEvent(({ positionals }) => `removed ${positionals[1] ?? ''}`),
    options: { 'no-restart': noRestart },
    async run(ctx, { positionals, options }) {
      const app = requireApp(ctx, positionals[0]);
      const name = (positionals[1] ?? '').toLowerCase();
      const domains = ctx.state().domains;
      const owner = domains.owner(name);
      if (owner?.app !== app.name) {
        throw new Hop3Error(
          'E_INVALID_VALUE',
          `${app.name} has no domain ${JSON.stringify(name)}`,
          { hint: `domains ${app.name} lists them` },
        );
      }
      if (owner.source === 'toml') {
        throw new Hop3Error(
          'E_INVALID_VALUE',
          `${name} comes from the [domains] of ${app.name}'s hop3.toml`,
          {
            hint: 'remove it from hop3.toml and push',
          },
        );
      }
      domains.remove(app.id, name);
      ctx.reporter.step(`Removed ${name} from ${app.name}`);
      await applyDomains(ctx, app.name, options['no-restart']);
      return 0;
    },
  }),
];
