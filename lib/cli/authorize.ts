// The one place commands are authorized: main() calls authorizeCommand before a command runs.
import { basename, dirname, isAbsolute } from 'node:path';
import { backupDir } from '../addons/layout.js';
import type { CommandContext } from './context.js';
import type { AccessCheck, CommandSpec, ParsedArgs } from './spec.js';
import { validateAppName } from '../domain/names.js';
import { Hop3Error } from '../errors.js';
import { requireAddonAccess, requireAdmin, requireAppAccess } from '../access/rules.js';

/** Throws E_FORBIDDEN unless the caller may run this command with these arguments. Admins skip the lookups. */
export function authorizeCommand(spec: CommandSpec, ctx: CommandContext, args: ParsedArgs): void {
  const scope = ctx.scope();
  if (scope.admin) return;
  const rule = spec.access ?? 'admin';
  if (rule === 'any') return;
  if (rule === 'admin') requireAdmin(scope, spec.name);
  else if (rule === 'app') requireAppAccess(scope, validateAppName(args.positionals[0] ?? ''));
  else rule(ctx, args);
}

/** The apps an addon is attached to ([] when it does not exist). */
export function addonApps(ctx: CommandContext, name: string): string[] {
  const repo = ctx.state().addons;
  const addon = repo.find(name);
  return addon ? repo.attachments({ addonId: addon.id }).map((a) => a.app) : [];
}

/** A rule for addon commands: the addon named by positional `index` may be seen (or changed, with `manage`). */
export function addonRule(index: number, manage: boolean): AccessCheck {
  return (ctx, { positionals }) => {
    const name = positionals[index] ?? '';
    requireAddonAccess(ctx.scope(), name, addonApps(ctx, name), manage);
  };
}

/** A rule for commands on an addon and an app (`addons:attach NAME APP`): the app, then the addon. */
export function addonAndAppRule(manage: boolean): AccessCheck {
  return (ctx, args) => {
    requireAppAccess(ctx.scope(), validateAppName(args.positionals[1] ?? ''));
    if (manage) addonRule(0, true)(ctx, args);
  };
}

/** `addons:create` by a limited caller needs --app, one of its apps (an addon attached to nothing is an admin's). */
export const addonCreateRule: AccessCheck = (ctx, { options }) => {
  const app = options.app;
  if (typeof app !== 'string') {
    throw new Hop3Error(
      'E_FORBIDDEN',
      'addons:create without --app is for admins: the addon would be attached to no app of yours',
      {
        hint: 'addons:create TYPE NAME --app APP',
      },
    );
  }
  requireAppAccess(ctx.scope(), validateAppName(app));
};

/** `addons:restore` by a limited caller: the addon may be changed, and FILE is one of its backups (no other path). */
export const addonRestoreRule: AccessCheck = (ctx, args) => {
  addonRule(0, true)(ctx, args);
  const [name = '', file = ''] = args.positionals;
  const inBackups =
    isAbsolute(file) &&
    dirname(file) === backupDir(ctx.paths, name) &&
    !basename(file).startsWith('.');
  if (!inBackups && (file.includes('/') || file.startsWith('.'))) {
    throw new Hop3Error(
      'E_FORBIDDEN',
      `restoring from a path (${JSON.stringify(file)}) is for admins`,
      {
        hint: `pass the file name of a backup in $HOP3_HOME/backups/${args.positionals[0] ?? 'NAME'}/ (addons:backup prints it)`,
      },
    );
  }
};
