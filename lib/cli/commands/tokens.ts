// tokens:create, tokens:list, tokens:revoke: credentials for HTTP git push, admin or limited to some apps.
import { validateTokenName } from '../../domain/names.js';
import { defineCommand } from '../spec.js';
import { printShape } from '../print-json.js';
import { formatTable } from '../../output/table.js';
import { appIdsOption, appsLabel } from './shared.js';
import { appsSuffix, hostEvent } from '../record-event.js';

export const tokenCommands = [
  defineCommand({
    name: 'tokens:create',
    summary: 'create a token for HTTP git push (printed once)',
    usage: 'NAME [--apps APP,...]',
    description:
      'Without --apps the token is an admin token: it may push to every app (and create apps by pushing).',
    args: { min: 1, max: 1 },
    event: hostEvent(
      ({ positionals, options }) =>
        `created token ${positionals[0] ?? ''}${appsSuffix(options.apps)}`,
    ),
    options: {
      apps: {
        type: 'string',
        valueName: 'APP,...',
        description: 'limit the token to these apps (see access:add)',
      },
    },
    run(ctx, { positionals, options }) {
      const name = validateTokenName(positionals[0] ?? '');
      const appIds = typeof options.apps === 'string' ? appIdsOption(ctx, options.apps) : undefined;
      const state = ctx.state();
      const secret = state.transaction(() => {
        const created = state.tokens.create(name);
        if (appIds === undefined) state.access.forget('token', name);
        else state.access.limit('token', name, appIds);
        return created;
      });
      const { gitHttpPort } = ctx.settings();
      ctx.print(secret);
      ctx.stderr.write(
        ` !     This token is shown once; store it now. Push with:\n !       git push http://hop3:${secret}@<host>:${gitHttpPort}/<app>.git main\n`,
      );
      return 0;
    },
  }),
  defineCommand({
    name: 'tokens:list',
    summary: 'list HTTP push tokens (names and dates, never secrets)',
    usage: '[--json]',
    args: { min: 0, max: 0 },
    options: { json: { type: 'boolean', description: 'print JSON' } },
    run(ctx, { options }) {
      const { tokens: repo, access } = ctx.state();
      const tokens = repo.list();
      if (options.json) {
        const rows = tokens.map((t) => ({
          name: t.name,
          apps: access.appsOf('token', t.name) ?? null,
          createdAt: t.createdAt,
          lastUsedAt: t.lastUsedAt,
        }));
        printShape((l) => ctx.print(l), 'tokensShape', rows);
        return 0;
      }
      if (tokens.length === 0) {
        ctx.print('no tokens: create one with tokens:create NAME');
        return 0;
      }
      const rows = tokens.map((t) => [
        t.name,
        appsLabel(access.appsOf('token', t.name)),
        t.createdAt.slice(0, 19).replace('T', ' '),
        t.lastUsedAt?.slice(0, 19).replace('T', ' ') ?? 'never',
      ]);
      formatTable(['NAME', 'APPS', 'CREATED (UTC)', 'LAST USED (UTC)'], rows).forEach((l) =>
        ctx.print(l),
      );
      return 0;
    },
  }),
  defineCommand({
    name: 'tokens:revoke',
    summary: 'revoke an HTTP push token',
    usage: 'NAME',
    args: { min: 1, max: 1 },
    event: hostEvent(({ positionals }) => `revoked token ${positionals[0] ?? ''}`),
    run(ctx, { positionals }) {
      const name = validateTokenName(positionals[0] ?? '');
      ctx.state().tokens.revoke(name);
      ctx.print(`Revoked token ${name}`);
      return 0;
    },
  }),
];
