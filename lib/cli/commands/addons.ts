// addons, addons:types, addons:create, addons:attach, addons:detach, addons:destroy, addons:info,
// addons:backup, addons:restore: backing services provisioned for real and attached as env vars.
import {
  addonAndAppRule,
  addonApps,
  addonCreateRule,
  addonRestoreRule,
  addonRule,
} from '../authorize.js';
import type { CommandContext } from '../context.js';
import { printShape } from '../print-json.js';
import { defineCommand } from '../spec.js';
import { hostEvent } from '../record-event.js';

const noRestart = {
  type: 'boolean',
  description: 'store the change now, apply it at the next restart or deploy',
} as const;
const as = {
  type: 'string',
  valueName: 'PREFIX',
  description: 'prefix the variables (PREFIX_DATABASE_URL)',
} as const;
const json = { type: 'boolean', description: 'print JSON' } as const;

/** The pipeline services and the addon operations, loaded only by the addon commands. */
async function load(ctx: CommandContext) {
  const s = await ctx.services();
  const { reapCleanups } = await import('../../addons/create.js');
  await reapCleanups(s, ctx.reporter);
  return s;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export const addonsCommands = [
  defineCommand({
    name: 'addons',
    summary: 'list addons with their type, apps and status',
    usage: '[--json]',
    args: { min: 0, max: 0 },
    access: 'any',
    options: { json },
    async run(ctx, { options }) {
      const s = await load(ctx);
      const { mayViewAddon } = await import('../../access/rules.js');
      const scope = ctx.scope();
      const rows = (await (await import('../../addons/inspect.js')).listAddons(s)).filter((r) =>
        mayViewAddon(scope, addonApps(ctx, r.name)),
      );
      if (options.json) printShape((l) => ctx.print(l), 'addonsShape', rows);
      else (await import('../addons-format.js')).addonsTable(rows).forEach((l) => ctx.print(l));
      return 0;
    },
  }),
  defineCommand({
    name: 'addons:types',
    summary: 'list the addon types and whether their server is ready',
    usage: '[--json]',
    args: { min: 0, max: 0 },
    access: 'any',
    options: { json },
    async run(ctx, { options }) {
      const s = await load(ctx);
      const types = await (await import('../../addons/inspect.js')).listTypes(s);
      if (options.json) ctx.print(JSON.stringify(types, null, 2));
      else (await import('../addons-format.js')).typesTable(types).forEach((l) => ctx.print(l));
      return 0;
    },
  }),
  defineCommand({
    name: 'addons:create',
    summary: 'create an addon: its own database, user or server (--app also attaches it)',
    usage: 'TYPE NAME [--app APP [--as PREFIX]]',
    description:
      'Names use a-z, 0-9 and "-" (at most 50). A sqlite addon needs --app: its file lives in that app\'s data directory.',
    args: { min: 2, max: 2 },
    event: ({ positionals, options }) => ({
      app: typeof options.app === 'string' ? options.app : null,
      summary: `created ${positionals[0] ?? ''} addon ${positionals[1] ?? ''}`,
    }),
    access: addonCreateRule,
    options: {
      app: {
        type: 'string',
        valueName: 'APP',
        description: 'create it for this app and attach it (restarts the app)',
      },
      as,
    },
    async run(ctx, { positionals, options }) {
      const [type = '', name = ''] = positionals;
      const app = str(options.app);
      const prefix = str(options.as);
      const s = await load(ctx);
      if (app !== undefined)
        s.state.apps.get((await import('../../domain/names.js')).validateAppName(app));
      const { createAddon } = await import('../../addons/create.js');
      await createAddon(s, {
        type,
        name,
        ...(app === undefined ? {} : { app }),
        log: ctx.reporter,
      });
      if (app === undefined) {
        ctx.print(`Attach it to an app with: addons:attach ${name} APP`);
        return 0;
      }
      const { attachAddon } = await import('../../pipeline/addons.js');
      try {
        await attachAddon(s, {
          name,
          app,
          ...(prefix === undefined ? {} : { prefix }),
          log: ctx.reporter,
        });
      } catch (error) {
        // Undo the create so the failed command leaves nothing; the attach error is the one to report.
        const { destroyAddon } = await import('../../addons/destroy.js');
        await destroyAddon(s, { name, confirm: name, log: ctx.reporter }).catch(() => undefined);
        throw error;
      }
      return 0;
    },
  }),
  defineCommand({
    name: 'addons:attach',
    summary:
      "attach an addon to an app: its variables join the app's environment (restarts the app)",
    usage: 'NAME APP [--as PREFIX] [--no-restart]',
    description:
      'The first addon giving DATABASE_URL gets it unprefixed; a further one gets NAME_DATABASE_URL, or PREFIX_DATABASE_URL with --as.',
    args: { min: 2, max: 2 },
    event: ({ positionals }) => ({
      app: positionals[1] ?? null,
      summary: `attached addon ${positionals[0] ?? ''}`,
    }),
    access: addonAndAppRule(true),
    options: { as, 'no-restart': noRestart },
    async run(ctx, { positionals, options }) {
      const [name = '', app = ''] = positionals;
      const prefix = str(options.as);
      const s = await load(ctx);
      const { attachAddon } = await import('../../pipeline/addons.js');
      await attachAddon(s, {
        name,
        app,
        ...(prefix === undefined ? {} : { prefix }),
        restart: options['no-restart'] !== true,
        log: ctx.reporter,
      });
      return 0;
    },
  }),
  defineCommand({
    name: 'addons:detach',
    summary:
      "detach an addon from an app: its variables leave the app's environment (restarts the app; the data stays)",
    usage: 'NAME APP [--no-restart]',
    args: { min: 2, max: 2 },
    event: ({ positionals }) => ({
      app: positionals[1] ?? null,
      summary: `detached addon ${positionals[0] ?? ''}`,
    }),
    access: addonAndAppRule(false),
    options: { 'no-restart': noRestart },
    async run(ctx, { positionals, options }) {
      const [name = '', app = ''] = positionals;
      const s = await load(ctx);
      const { detachAddon } = await import('../../pipeline/addons.js');
      await detachAddon(s, {
        name,
        app,
        restart: options['no-restart'] !== true,
        log: ctx.reporter,
      });
      return 0;
    },
  }),
  defineCommand({
    name: 'addons:destroy',
    summary: 'delete an addon and all its data (detach it from its apps first; backups are kept)',
    usage: 'NAME --confirm NAME',
    args: { min: 1, max: 1 },
    event: hostEvent(({ positionals }) => `destroyed addon ${positionals[0] ?? ''}`),
    access: addonRule(0, true),
    options: {
      confirm: {
        type: 'string',
        valueName: 'NAME',
        description: 'repeat the addon name to confirm',
      },
    },
    async run(ctx, { positionals, options }) {
      const name = positionals[0] ?? '';
      const { requireAddonConfirmation, destroyAddon } = await import('../../addons/destroy.js');
      const { validateAddonName } = await import('../../domain/addon-names.js');
      requireAddonConfirmation(validateAddonName(name), options.confirm);
      await destroyAddon(await load(ctx), { name, confirm: options.confirm, log: ctx.reporter });
      return 0;
    },
  }),
  defineCommand({
    name: 'addons:info',
    summary:
      'show an addon: status, apps, and the variables apps get (secrets masked unless --reveal)',
    usage: 'NAME [--reveal] [--json]',
    args: { min: 1, max: 1 },
    access: addonRule(0, false),
    options: { reveal: { type: 'boolean', description: 'show passwords and URLs in full' }, json },
    async run(ctx, { positionals, options }) {
      const s = await load(ctx);
      const info = await (
        await import('../../addons/inspect.js')
      ).addonInfo(s, positionals[0] ?? '', options.reveal === true);
      if (options.json) ctx.print(JSON.stringify(info, null, 2));
      else
        (await import('../addons-format.js'))
          .infoText(info, options.reveal === true)
          .forEach((l) => ctx.print(l));
      return 0;
    },
  }),
  defineCommand({
    name: 'addons:backup',
    summary: "dump an addon's data to $HOP3_HOME/backups/NAME/ and print the file's path",
    usage: 'NAME',
    args: { min: 1, max: 1 },
    access: addonRule(0, true),
    async run(ctx, { positionals }) {
      const s = await load(ctx);
      const file = await (
        await import('../../addons/backup.js')
      ).backupAddon(s, { name: positionals[0] ?? '', log: ctx.reporter });
      ctx.print(file);
      return 0;
    },
  }),
  defineCommand({
    name: 'addons:restore',
    summary: "replace an addon's data with a backup (all or nothing)",
    usage: 'NAME FILE',
    description:
      'FILE is a path on the server, or a file name in $HOP3_HOME/backups/NAME/. A file that is not a backup of that type changes nothing.',
    args: { min: 2, max: 2 },
    event: hostEvent(({ positionals }) => `restored addon ${positionals[0] ?? ''} from a backup`),
    access: addonRestoreRule,
    async run(ctx, { positionals }) {
      const [name = '', file = ''] = positionals;
      const s = await load(ctx);
      await (
        await import('../../addons/backup.js')
      ).restoreAddon(s, { name, file, log: ctx.reporter });
      return 0;
    },
  }),
];
