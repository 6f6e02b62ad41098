// What a command can use: output, who asks, and the services of the composition root (lib/container.ts),
// each opened or loaded on first use.
import { scopeOf } from '../access/resolve.js';
import { adminScope, type Caller, type Scope } from '../access/rules.js';
import { createRoot, type Hop3Root } from '../container.js';
import type { LineSink, Reporter } from '../output/reporter.js';
import type { Paths } from '../paths.js';
import type { Services } from '../pipeline/services.js';
import type { PluginRegistry } from '../plugins/registry.js';
import type { Settings } from '../settings.js';
import type { State } from '../state/index.js';

/** Runs another hop3 command line in this process (how ssh-command hands a remote user's command on). */
export type Dispatch = (
  argv: string[],
  as: { via: 'ssh' | 'local'; user: string },
) => Promise<number>;

/** The context every command runs with. */
export interface CommandContext {
  paths: Paths;
  /** Prints a line on stdout. */
  print(line?: string): void;
  stdout: LineSink;
  stderr: LineSink;
  /** Progress output (`-----> `) on stdout. */
  reporter: Reporter;
  /** How the command arrived: over ssh (with the key's name) or on the local host. */
  via: 'ssh' | 'local';
  /** Who runs it: the ssh key name, or the local user. */
  user: string;
  /** The environment the command was started with. */
  env: NodeJS.ProcessEnv;
  /** Who runs it, for access checks: the ssh key, or a local user. */
  caller: Caller;
  /** What the caller may use (read from the state on first use). */
  scope(): Scope;
  settings(): Settings;
  state(): State;
  /** The plugin registry (imports every plugin on first use). */
  plugins(): Promise<PluginRegistry>;
  /** What the pipeline's stages use (loads the plugins). */
  services(): Promise<Services>;
  /** Runs another command line with the same output and HOP3_HOME. */
  dispatch: Dispatch;
  close(): void;
}

/** Inputs for building a context. */
export interface ContextOptions {
  home: string;
  stdout: LineSink;
  stderr: LineSink;
  via: 'ssh' | 'local';
  user: string;
  env: NodeJS.ProcessEnv;
  /** The composition root to use (default: one built for `home`, reporting on stdout). */
  root?: Hop3Root;
  /** Set by main(): runs a command line (absent in contexts built by tests). */
  dispatch?: Dispatch;
}

/** Creates a context over the composition root: state, settings and plugins open on first use. */
export function createContext(options: ContextOptions): CommandContext {
  const root = options.root ?? createRoot({ home: options.home, stdout: options.stdout });
  const reporter = root.log;
  let scope: Scope | undefined;
  const caller: Caller =
    options.via === 'ssh'
      ? { kind: 'key', name: options.user }
      : { kind: 'local', name: options.user };
  const ctx: CommandContext = {
    paths: root.paths,
    print: (line = '') => options.stdout.write(`${line}\n`),
    stdout: options.stdout,
    stderr: options.stderr,
    reporter,
    via: options.via,
    user: options.user,
    env: options.env,
    caller,
    scope: () =>
      (scope ??= caller.kind === 'local' ? adminScope(caller) : scopeOf(root.state(), caller)),
    settings: root.settings,
    state: root.state,
    plugins: root.plugins,
    services: root.services,
    dispatch:
      options.dispatch ??
      (() => Promise.reject(new Error('this context cannot run other commands'))),
    close: root.close,
  };
  return ctx;
}
