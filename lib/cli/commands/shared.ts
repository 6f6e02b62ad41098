// Helpers the command files share: the app argument, confirmation, and KEY=VALUE parsing.
import { validateAppName, validateConfigKey } from '../../domain/names.js';
import { Hop3Error } from '../../errors.js';
import type { App } from '../../state/apps.js';
import type { CommandContext } from '../context.js';

/** Validates the app name argument and returns the app (E_APP_NOT_FOUND when it does not exist). */
export function requireApp(ctx: CommandContext, name: string | undefined): App {
  return ctx.state().apps.get(validateAppName(name ?? ''));
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

/** Parses KEY=VALUE arguments (the value is taken literally, "=" included). */
export function parseAssignments(args: readonly string[]): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq <= 0) {
      throw new Hop3Error('E_USAGE', `expected KEY=VALUE, got ${JSON.stringify(arg)}`, {
        hint: 'config:set APP GREETING=hello "NAME=two words"',
      });
    }
    vars[validateConfigKey(arg.slice(0, eq))] = arg.slice(eq + 1);
  }
  return vars;
}

/** The default public host name of an app. */
export function defaultHost(app: string, domain: string): string {
  return `${app}.${domain}`;
}
