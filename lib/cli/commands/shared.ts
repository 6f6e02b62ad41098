// Helpers the command files share: the app argument, --apps, confirmation, and KEY=VALUE parsing.
import { validateAppName, validateConfigKey } from '../../domain/names.js';
import { Hop3Error } from '../../errors.js';
import type { App } from '../../state/apps.js';
import type { CommandContext } from '../context.js';

/** Validates the app name argument and returns the app (E_APP_NOT_FOUND when it does not exist). */
export function requireApp(ctx: CommandContext, name: string | undefined): App {
  return ctx.state().apps.get(validateAppName(name ?? ''));
}

/** The ids of the apps in an `--apps a,b` option (each must exist). */
export function appIdsOption(ctx: CommandContext, value: string): number[] {
  const names = value
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n.length > 0);
  if (names.length === 0)
    throw new Hop3Error('E_USAGE', '--apps needs at least one app name', {
      hint: '--apps app1,app2',
    });
  return names.map((name) => ctx.state().apps.get(validateAppName(name)).id);
}

/** The APPS column of a key or token: "admin", or the apps it is limited to. */
export function appsLabel(apps: readonly string[] | undefined): string {
  return apps === undefined ? 'admin' : apps.length === 0 ? '(none)' : apps.join(',');
}

/** Throws E_CONFIRM_REQUIRED unless `--confirm` repeats the app name. */
export function requireConfirmation(command: string, app: string, confirm: unknown): void {
  if (confirm === app) return;
  throw new Hop3Error(
    'E_CONFIRM_REQUIRED',
    confirm === undefined
      ? `${command} is destructive and needs --confirm ${app}`
      : `--confirm "${typeof confirm === 'string' ? confirm : ''}" does not match the app name "${app}"`,
    { hint: `${command} ${app} --confirm ${app}` },
  );
}

/**
 * Parses KEY=VALUE arguments (the value is taken literally, "=" included). With `encoded`, each value
 * is base64 (as Dokku's `config:set --encoded`) and is decoded; invalid base64 is E_USAGE naming the key.
 */
export function parseAssignments(
  args: readonly string[],
  opts: { encoded?: boolean } = {},
): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [i, arg] of args.entries()) {
    const eq = arg.indexOf('=');
    if (eq <= 0) {
      // A word without "=" after an assignment is most likely the rest of a value ssh split on its spaces.
      const split = i > 0 && (args[i - 1] ?? '').includes('=');
      throw new Hop3Error('E_USAGE', `expected KEY=VALUE, got ${JSON.stringify(arg)}`, {
        hint: split
          ? 'ssh joins the words of a command with spaces, so a value with spaces needs a second ' +
            `quote inside: ssh hop3@host config:set APP "GREETING='two words'"; or send it base64 ` +
            'with --encoded (GREETING=$(printf %s "two words" | base64)); the hop3 client quotes for you'
          : 'config:set APP GREETING=hello "NAME=two words"',
      });
    }
    const key = validateConfigKey(arg.slice(0, eq));
    vars[key] = opts.encoded ? decodeBase64(key, arg.slice(eq + 1)) : arg.slice(eq + 1);
  }
  return vars;
}

/** The UTF-8 text a base64 value encodes (padding optional); E_USAGE naming `key` when it is not base64. */
function decodeBase64(key: string, value: string): string {
  const bytes =
    /^[A-Za-z0-9+/]*={0,2}$/.test(value) && value.length % 4 !== 1
      ? Buffer.from(value, 'base64')
      : undefined;
  const text = bytes && decodeUtf8(bytes);
  if (text === undefined)
    throw new Hop3Error('E_USAGE', `the value of ${key} is not valid base64 (--encoded)`, {
      hint: `encode it with: printf %s 'the value' | base64 -w0`,
    });
  return text;
}

function decodeUtf8(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** The default public host name of an app. */
export function defaultHost(app: string, domain: string): string {
  return `${app}.${domain}`;
}

/** The host names an app answers to, its default one first (`domains`, `apps:info`). */
export function domainRows(ctx: CommandContext, app: App): { hostname: string; source: string }[] {
  const domains = ctx.state().domains;
  return [
    { hostname: defaultHost(app.name, ctx.settings().domain), source: 'default' },
    ...domains
      .list(app.id)
      .map((hostname) => ({ hostname, source: domains.owner(hostname)?.source ?? 'cli' })),
  ];
}

/** A signal that aborts on Ctrl-C, SIGTERM, SIGHUP, a closed stdout, or (over ssh) a closed connection: ends a `-t` follow. */
export function followSignal(ctx: CommandContext): AbortSignal {
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  process.stdout.once('error', onSignal);
  // Over ssh a closed connection shows as the end of stdin: stop following then.
  if (ctx.via === 'ssh') process.stdin.once('end', onSignal).once('close', onSignal).resume();
  return stop.signal;
}
