// How a CLI command is declared: name, usage, options, and what it runs.
import type { CommandContext } from './context.js';

/** A command's own access check: throws E_FORBIDDEN (called only for limited callers; see lib/cli/authorize.ts). */
export type AccessCheck = (ctx: CommandContext, args: ParsedArgs) => void;

/** Who may run a command: see CommandSpec.access. */
export type CommandAccess = 'admin' | 'app' | 'any' | AccessCheck;

/** One option of a command (`--name` or `-x`). */
export interface OptionSpec {
  type: 'boolean' | 'string';
  short?: string;
  description: string;
  /** Shown in help as the value's name (`-n N`). */
  valueName?: string;
}

/** Parsed positionals and options of one invocation. */
export interface ParsedArgs {
  positionals: string[];
  options: Record<string, string | boolean | undefined>;
}

/** What a state-changing command writes to the event log: the app it concerns (null: host-wide) and a summary. */
export interface EventNote {
  app: string | null;
  /** Names what changed, never a secret: config keys, not their values; token names, not tokens. */
  summary: string;
}

/** A command such as `config:set`. */
export interface CommandSpec {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Argument synopsis after the name, e.g. "APP KEY=VALUE...". */
  usage: string;
  /** More explanation shown by --help. */
  description?: string;
  options?: Record<string, OptionSpec>;
  /** Positional argument count bounds. */
  args: { min: number; max?: number };
  /** Plumbing (git-hook, ssh-command): hidden from help and refused over ssh. */
  internal?: boolean;
  /** Listed by local help but refused over ssh (host administration such as ssh-keys:add). */
  localOnly?: boolean;
  /** Runs on the developer's machine (lib/client): never sent to a server, no privilege drop. */
  client?: boolean;
  /**
   * Who may run it, checked before it runs: 'admin' (the default: host commands, keys, tokens, access),
   * 'app' (the first argument is an app the caller may use), 'any' (every caller; the command shows only
   * what the caller's scope covers), or a check of its own. Local users and admin keys may run everything.
   */
  access?: CommandAccess;
  /** Must run as root (no privilege drop). */
  root?: boolean;
  /** State-changing commands: the event recorded (action = the command's name) when it exits 0. */
  event?: (args: ParsedArgs) => EventNote;
  /** Runs the command; returns the exit code (0 when omitted). */
  run(ctx: CommandContext, args: ParsedArgs): Promise<number | undefined> | number | undefined;
}

/** Declares a command (a typed identity, so command files read as a list of definitions). */
export function defineCommand(spec: CommandSpec): CommandSpec {
  return spec;
}
