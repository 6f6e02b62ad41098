// access, access:add, access:remove: which ssh keys and tokens may use an app (admins: every app).
import { join } from 'node:path';
import { validateTokenName } from '../../domain/names.js';
import { Hop3Error } from '../../errors.js';
import { readKeys } from '../../ssh/authorized-keys.js';
import type { PrincipalKind } from '../../state/access.js';
import type { CommandContext } from '../context.js';
import { defineCommand } from '../spec.js';
import { formatTable } from '../../output/table.js';
import { requireApp } from './shared.js';
import { appEvent } from '../record-event.js';

/** The names of the installed ssh keys. */
function keyNames(ctx: CommandContext): string[] {
  return readKeys(join(ctx.paths.ssh, 'authorized_keys')).map((k) => k.name);
}

const label = (kind: PrincipalKind): string => (kind === 'key' ? 'ssh key' : 'token');

/** Checks that the named key or token exists and is limited (an admin already has every app). */
function requireLimited(ctx: CommandContext, kind: PrincipalKind, name: string, app: string): void {
  const exists =
    kind === 'key'
      ? keyNames(ctx).includes(name)
      : ctx
          .state()
          .tokens.list()
          .some((t) => t.name === name);
  if (!exists) {
    throw new Hop3Error(
      kind === 'key' ? 'E_INVALID_VALUE' : 'E_TOKEN_NOT_FOUND',
      `no ${label(kind)} named "${name}"`,
      {
        hint: kind === 'key' ? 'run "ssh-keys:list" (tokens need --token)' : 'run "tokens:list"',
      },
    );
  }
  if (ctx.state().access.appsOf(kind, name) === undefined) {
    throw new Hop3Error(
      'E_INVALID_VALUE',
      `${label(kind)} "${name}" is an admin: it may already use every app, "${app}" included`,
      {
        hint:
          kind === 'key'
            ? `to limit it to some apps, add it again: ssh-keys:add ${name} FILE --apps ${app}`
            : `to limit a token, create another: tokens:create NAME --apps ${app} (and revoke ${name})`,
      },
    );
  }
}

const tokenOption = {
  type: 'boolean',
  description: 'NAME is an HTTP push token, not an ssh key',
} as const;

export const accessCommands = [
  defineCommand({
    name: 'access',
    summary: 'list the ssh keys and tokens that may use an app (admins and those granted it)',
    usage: 'APP [--json]',
    args: { min: 1, max: 1 },
    access: 'admin',
    options: { json: { type: 'boolean', description: 'print JSON' } },
    run(ctx, { positionals, options }) {
      const app = requireApp(ctx, positionals[0]);
      const { access, tokens } = ctx.state();
      const limited = new Set(access.limited().map((p) => `${p.kind}:${p.name}`));
      const admins = [
        ...keyNames(ctx)
          .filter((n) => !limited.has(`key:${n}`))
          .map((name) => ({ kind: 'key' as const, name, access: 'admin' })),
        ...tokens
          .list()
          .filter((t) => !limited.has(`token:${t.name}`))
          .map((t) => ({ kind: 'token' as const, name: t.name, access: 'admin' })),
      ];
      const granted = access
        .grantsOn(app.id)
        .map((g) => ({ kind: g.kind, name: g.name, access: 'app' }));
      const rows = [...admins, ...granted];
      if (options.json) ctx.print(JSON.stringify(rows, null, 2));
      else if (rows.length === 0)
        ctx.print(`no ssh key or token may use ${app.name} (local users on the host always may)`);
      else
        formatTable(
          ['NAME', 'KIND', 'ACCESS'],
          rows.map((r) => [
            r.name,
            label(r.kind),
            r.access === 'admin' ? 'admin (every app)' : app.name,
          ]),
        ).forEach((l) => ctx.print(l));
      return 0;
    },
  }),
  defineCommand({
    name: 'access:add',
    summary: 'let a limited ssh key (or --token) use one more app',
    usage: 'APP NAME [--token]',
    description:
      'Admin keys and tokens may already use every app. A key becomes limited with ssh-keys:add NAME FILE --apps APP,...',
    args: { min: 2, max: 2 },
    event: appEvent(
      ({ positionals, options }) =>
        `granted ${options.token === true ? 'token' : 'ssh key'} ${positionals[1] ?? ''}`,
    ),
    access: 'admin',
    options: { token: tokenOption },
    run(ctx, { positionals, options }) {
      const app = requireApp(ctx, positionals[0]);
      const kind: PrincipalKind = options.token === true ? 'token' : 'key';
      const name = validateTokenName(positionals[1] ?? '');
      requireLimited(ctx, kind, name, app.name);
      const added = ctx.state().access.grant(kind, name, app.id);
      ctx.print(
        added
          ? `${label(kind)} ${name} may now use ${app.name}`
          : `${label(kind)} ${name} may already use ${app.name}`,
      );
      return 0;
    },
  }),
  defineCommand({
    name: 'access:remove',
    summary: 'stop a limited ssh key (or --token) from using an app',
    usage: 'APP NAME [--token]',
    description:
      'To take every app from an admin key, remove it (ssh-keys:remove) or add it again with --apps.',
    args: { min: 2, max: 2 },
    event: appEvent(
      ({ positionals, options }) =>
        `revoked ${options.token === true ? 'token' : 'ssh key'} ${positionals[1] ?? ''}`,
    ),
    access: 'admin',
    options: { token: tokenOption },
    run(ctx, { positionals, options }) {
      const app = requireApp(ctx, positionals[0]);
      const kind: PrincipalKind = options.token === true ? 'token' : 'key';
      const name = validateTokenName(positionals[1] ?? '');
      requireLimited(ctx, kind, name, app.name);
      const removed = ctx.state().access.revoke(kind, name, app.id);
      ctx.print(
        removed
          ? `${label(kind)} ${name} may no longer use ${app.name}`
          : `${label(kind)} ${name} could not use ${app.name}`,
      );
      return 0;
    },
  }),
];
