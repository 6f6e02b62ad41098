// config, config:get, config:set, config:unset: app environment, applied by a restart (no rebuild).
import { validateConfigKey } from '../../domain/names.js';
import { shellQuote } from '../../domain/shell-words.js';
import { Hop3Error } from '../../errors.js';
import type { CommandContext } from '../context.js';
import { printShape } from '../print-json.js';
import { defineCommand } from '../spec.js';
import { parseAssignments, requireApp } from './shared.js';
import { appEvent, assignedKeys } from '../record-event.js';

const noRestart = {
  type: 'boolean',
  description: 'store the change now, apply it at the next restart or deploy',
} as const;

async function applyConfig(
  ctx: CommandContext,
  appName: string,
  description: string,
): Promise<void> {
  const { restartApp } = await import('../../pipeline/restart.js');
  await restartApp(await ctx.services(), appName, { description, log: ctx.reporter });
}

/** The variables attached addons give the app, secrets masked (addons:info NAME --reveal shows them). */
async function printAddonVars(
  ctx: CommandContext,
  app: { id: number; name: string },
): Promise<void> {
  // Computed from the state through the addon plugins: loaded only for an app with attachments.
  if (ctx.state().addons.attachments({ appId: app.id }).length === 0) return;
  const { appAddonEnv } = await import('../../addons/env.js');
  const { maskSecrets } = await import('../../output/reporter.js');
  const entries = appAddonEnv(await ctx.services(), app);
  ctx.print(`=== ${app.name} addon vars (masked; addons:info NAME --reveal shows them)`);
  const width = Math.max(...entries.flatMap((e) => Object.keys(e.env).map((k) => k.length + 1)));
  for (const e of entries)
    for (const [k, v] of Object.entries(e.env))
      ctx.print(`${`${k}:`.padEnd(width)} ${maskSecrets(v, e.secrets)}  (${e.addon})`);
}

export const configCommands = [
  defineCommand({
    name: 'config',
    summary: "show an app's config vars",
    usage: 'APP [--shell|--json]',
    args: { min: 1, max: 1 },
    access: 'app',
    options: {
      shell: {
        type: 'boolean',
        description: "print KEY='VALUE' lines, safe to eval in a POSIX shell",
      },
      json: { type: 'boolean', description: 'print a JSON object' },
    },
    async run(ctx, { positionals, options }) {
      const app = requireApp(ctx, positionals[0]);
      const vars = ctx.state().config.all(app.id);
      if (options.json) printShape((l) => ctx.print(l), 'configShape', vars);
      else if (options.shell)
        for (const [k, v] of Object.entries(vars)) ctx.print(`${k}=${shellQuote(v)}`);
      else {
        ctx.print(`=== ${app.name} config vars`);
        const width = Math.max(0, ...Object.keys(vars).map((k) => k.length + 1));
        for (const [k, v] of Object.entries(vars)) ctx.print(`${`${k}:`.padEnd(width)} ${v}`);
        await printAddonVars(ctx, app);
      }
      return 0;
    },
  }),
  defineCommand({
    name: 'config:get',
    summary: 'print the value of one config var',
    usage: 'APP KEY',
    args: { min: 2, max: 2 },
    access: 'app',
    run(ctx, { positionals }) {
      const app = requireApp(ctx, positionals[0]);
      const key = validateConfigKey(positionals[1] ?? '');
      const value = ctx.state().config.get(app.id, key);
      if (value === undefined) {
        throw new Hop3Error('E_CONFIG_NOT_SET', `${key} is not set for ${app.name}`, {
          hint: `config ${app.name} lists the vars that are set`,
        });
      }
      ctx.print(value);
      return 0;
    },
  }),
  defineCommand({
    name: 'config:set',
    summary: 'set config vars and restart the app with them (no rebuild)',
    usage: 'APP KEY=VALUE... [--encoded] [--no-restart]',
    description:
      'Values are stored literally: quote them for your local shell, nothing is expanded on the server. ' +
      'Over plain ssh a value with spaces needs a second quote inside ("GREETING=\'two words\'") or --encoded.',
    args: { min: 2 },
    event: appEvent(({ positionals }) => `set ${assignedKeys(positionals.slice(1))}`),
    access: 'app',
    options: {
      encoded: {
        type: 'boolean',
        description: 'the values are base64 (as Dokku); they are decoded',
      },
      'no-restart': noRestart,
    },
    async run(ctx, { positionals, options }) {
      const app = requireApp(ctx, positionals[0]);
      const vars = parseAssignments(positionals.slice(1), { encoded: options.encoded === true });
      ctx.state().config.set(app.id, vars);
      const keys = Object.keys(vars).join(', ');
      ctx.reporter.step(`Set ${keys} for ${app.name}`);
      if (options['no-restart'])
        ctx.reporter.info(
          'not restarted (--no-restart): the change applies at the next restart or deploy',
        );
      else await applyConfig(ctx, app.name, `Set ${keys}`);
      return 0;
    },
  }),
  defineCommand({
    name: 'config:unset',
    summary: 'remove config vars and restart the app without them',
    usage: 'APP KEY... [--no-restart]',
    args: { min: 2 },
    event: appEvent(({ positionals }) => `unset ${positionals.slice(1).join(', ')}`),
    access: 'app',
    options: { 'no-restart': noRestart },
    async run(ctx, { positionals, options }) {
      const app = requireApp(ctx, positionals[0]);
      const keys = positionals.slice(1).map(validateConfigKey);
      const removed = ctx.state().config.unset(app.id, keys);
      if (removed.length === 0) {
        ctx.reporter.step(`None of ${keys.join(', ')} was set for ${app.name}: nothing to do`);
        return 0;
      }
      ctx.reporter.step(`Unset ${removed.join(', ')} for ${app.name}`);
      if (options['no-restart'])
        ctx.reporter.info(
          'not restarted (--no-restart): the change applies at the next restart or deploy',
        );
      else await applyConfig(ctx, app.name, `Unset ${removed.join(', ')}`);
      return 0;
    },
  }),
];
