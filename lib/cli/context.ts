// What a command can use: output, paths, and lazily opened state, settings and plugins.
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
