// The privileged steps the hop3 user runs through sudo (one sudoers rule each): root-only, hidden from help.
// They trust nothing from the caller: the proxy plugin validates the request, settings.json must be root's.
import { readFileSync } from 'node:fs';
import { validateAppName } from '../../domain/names.js';
import { Hop3Error } from '../../errors.js';
import type { Proxy } from '../../sdk/kinds.js';
import type { CommandContext } from '../context.js';
import { defineCommand, type ParsedArgs } from '../spec.js';

const MAX_REQUEST = 1 << 20;
const home = {
  home: { type: 'string', valueName: 'DIR', description: 'HOP3_HOME (fixed in the sudoers rule)' },
} as const;

/** The configured proxy plugin of the installation at `--home`, loaded as root. */
async function proxyAt(ctx: CommandContext, options: ParsedArgs['options']): Promise<Proxy> {
  const dir = options.home;
  if (
    typeof dir !== 'string' ||
    !/^\/[A-Za-z0-9._/-]+$/.test(dir) ||
    dir.split('/').includes('..')
  ) {
    throw new Hop3Error('E_USAGE', 'priv commands need --home with a plain absolute path');
  }
  const { createRoot } = await import('../../container.js');
  const root = createRoot({ home: dir, log: ctx.reporter });
  return (await root.plugins()).get('proxy', root.settings().proxy).instance;
}

function readRequest(app: string): unknown {
  const text = readFileSync(0, 'utf8');
  if (text.length > MAX_REQUEST)
    throw new Hop3Error('E_PROXY_REJECTED', `proxy request for "${app}" refused: larger than 1 MB`);
  try {
    return JSON.parse(text);
  } catch {
    throw new Hop3Error('E_PROXY_REJECTED', `proxy request for "${app}" refused: not JSON`);
  }
}

/** The `priv:*` commands. */
export const privCommands = [
  defineCommand({
    name: 'priv:proxy-install',
    summary:
      "validate the site request on stdin and install it as the app's proxy site (root, via sudo)",
    usage: '--home DIR APP',
    internal: true,
    root: true,
    args: { min: 1, max: 1 },
    options: home,
    async run(ctx, { positionals, options }) {
      const app = validateAppName(positionals[0] ?? '');
      const request = readRequest(app);
      const proxy = await proxyAt(ctx, options);
      const named =
        typeof request === 'object' && request !== null
          ? (request as { app?: unknown }).app
          : undefined;
      if (named !== app)
        throw new Hop3Error(
          'E_PROXY_REJECTED',
          `proxy request for "${app}" refused: it names another app`,
        );
      await proxy.setup(request as Parameters<Proxy['setup']>[0]);
      return 0;
    },
  }),
  defineCommand({
    name: 'priv:proxy-remove',
    summary: "remove the app's proxy site and reload (root, via sudo)",
    usage: '--home DIR APP',
    internal: true,
    root: true,
    args: { min: 1, max: 1 },
    options: home,
    async run(ctx, { positionals, options }) {
      const app = validateAppName(positionals[0] ?? '');
      await (await proxyAt(ctx, options)).remove(app);
      return 0;
    },
  }),
  defineCommand({
    name: 'priv:proxy-reload',
    summary: 'reload the proxy (root, via sudo)',
    usage: '--home DIR',
    internal: true,
    root: true,
    args: { min: 0, max: 0 },
    options: home,
    async run(ctx, { options }) {
      await (await proxyAt(ctx, options)).reload();
      return 0;
    },
  }),
];
