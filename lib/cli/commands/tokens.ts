// tokens:create, tokens:list, tokens:revoke: credentials for HTTP git push.
import { validateTokenName } from '../../domain/names.js';
import { defineCommand } from '../spec.js';
import { formatTable } from '../table.js';

export const tokenCommands = [
  defineCommand({
    name: 'tokens:create',
    summary: 'create a token for HTTP git push (printed once)',
    usage: 'NAME',
    args: { min: 1, max: 1 },
    run(ctx, { positionals }) {
      const name = validateTokenName(positionals[0] ?? '');
      const secret = ctx.state().tokens.create(name);
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
    usage: '',
    args: { min: 0, max: 0 },
    run(ctx) {
      const tokens = ctx.state().tokens.list();
      if (tokens.length === 0) {
        ctx.print('no tokens: create one with tokens:create NAME');
        return 0;
      }
      const rows = tokens.map((t) => [t.name, t.createdAt.slice(0, 19).replace('T', ' '), t.lastUsedAt?.slice(0, 19).replace('T', ' ') ?? 'never']);
      formatTable(['NAME', 'CREATED (UTC)', 'LAST USED (UTC)'], rows).forEach((l) => ctx.print(l));
      return 0;
    },
  }),
  defineCommand({
    name: 'tokens:revoke',
    summary: 'revoke an HTTP push token',
    usage: 'NAME',
    args: { min: 1, max: 1 },
    run(ctx, { positionals }) {
      const name = validateTokenName(positionals[0] ?? '');
      ctx.state().tokens.revoke(name);
      ctx.print(`Revoked token ${name}`);
      return 0;
    },
  }),
];
