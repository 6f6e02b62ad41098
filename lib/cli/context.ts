// What a command can use: output, paths, and lazily opened state, settings and plugins.
import { scopeOf } from '../access/resolve.js';
import { adminScope, type Caller, type Scope } from '../access/rules.js';
import type { Hop3Container } from '../container.js';
import { createReporter, type LineSink, type Reporter } from '../output/reporter.js';
import { createPaths, type Paths } from '../paths.js';
import { loadSettings, type Settings } from '../settings.js';
import { openState, type State } from '../state/index.js';

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
  /** The plugin container (imports every plugin on first use). */
  container(): Promise<Hop3Container>;
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
}

/** Creates a context whose state, settings and container open on first use. */
export function createContext(options: ContextOptions): CommandContext {
  const paths = createPaths(options.home);
  let settings: Settings | undefined;
  let state: State | undefined;
  let container: Promise<Hop3Container> | undefined;
  let scope: Scope | undefined;
  const caller: Caller = options.via === 'ssh' ? { kind: 'key', name: options.user } : { kind: 'local', name: options.user };
  const reporter = createReporter(options.stdout);
  const ctx: CommandContext = {
    paths,
    print: (line = '') => options.stdout.write(`${line}\n`),
    stdout: options.stdout,
    stderr: options.stderr,
    reporter,
    via: options.via,
    user: options.user,
    env: options.env,
    caller,
    scope: () => (scope ??= caller.kind === 'local' ? adminScope(caller) : scopeOf(ctx.state(), caller)),
    settings: () => (settings ??= loadSettings(paths.settings)),
    state: () => (state ??= openState(paths.db)),
    container() {
      container ??= import('../container.js').then(({ createHop3Container }) =>
        createHop3Container({ paths, settings: ctx.settings(), log: reporter }),
      );
      return container;
    },
    close() {
      state?.close();
      state = undefined;
    },
  };
  return ctx;
}
