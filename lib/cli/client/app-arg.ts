// Where a command takes its app (read from the command's usage line) and how the client inserts it.
import type { CommandSpec } from '../spec.js';

/** The app goes in as the Nth positional argument, as `--app APP`, or the command takes none. */
export type AppSlot = { kind: 'positional'; index: number } | { kind: 'option' } | { kind: 'none' };

/** Reads the app's place from the usage line: `APP KEY=VALUE...` → positional 0, `NAME APP` → 1. */
export function appSlot(spec: Pick<CommandSpec, 'usage' | 'options'>): AppSlot {
  if (spec.options?.app?.type === 'string') return { kind: 'option' };
  const tokens = spec.usage.split(/\s+/).filter(Boolean);
  let index = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = (tokens[i] ?? '')
      .replace(/^\[+/, '')
      .replace(/[\]]+$/, '')
      .replace(/\.\.\.$/, '');
    if (token === '--') continue;
    if (token.startsWith('-')) {
      const name = token.replace(/^-+/, '').split('|')[0] ?? '';
      if (spec.options?.[name]?.type === 'string') i += 1;
      continue;
    }
    if (token === 'APP') return { kind: 'positional', index };
    index += 1;
  }
  return { kind: 'none' };
}

function takesValue(spec: Pick<CommandSpec, 'options'>, token: string): boolean {
  if (token.includes('=')) return false;
  const options = Object.entries(spec.options ?? {});
  const found = token.startsWith('--')
    ? options.find(([name]) => `--${name}` === token)
    : options.find(([, o]) => o.short !== undefined && `-${o.short}` === token);
  return found?.[1].type === 'string';
}

/** The command's arguments with the app inserted at its slot (options and their values are skipped over). */
export function insertApp(
  spec: Pick<CommandSpec, 'usage' | 'options'>,
  args: readonly string[],
  app: string,
): string[] {
  const slot = appSlot(spec);
  if (slot.kind === 'none') return [...args];
  if (slot.kind === 'option') return ['--app', app, ...args];
  let count = 0;
  let afterDashes = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (!afterDashes && arg === '--') {
      if (count === slot.index) return [...args.slice(0, i), app, ...args.slice(i)];
      afterDashes = true;
    } else if (!afterDashes && arg.startsWith('-') && arg !== '-') {
      if (takesValue(spec, arg)) i += 1;
    } else {
      if (count === slot.index) return [...args.slice(0, i), app, ...args.slice(i)];
      count += 1;
    }
  }
  return [...args, app];
}
