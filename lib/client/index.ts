// The client's entry: takes its flags out of the command line, applies the rule, and sends remote commands.
import type { LineSink } from '../output/reporter.js';
import type { CommandSpec } from '../cli/spec.js';
import { insertApp } from './app-arg.js';
import { expandEnvFile } from './env-file.js';
import { decideMode, findCheckout, isServerSide, takeClientFlags } from './rule.js';

/** What the entry point gives the client. */
export interface RouteOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdout: LineSink;
  find: (name: string) => CommandSpec | undefined;
}

const LOCAL_NAMES = new Set(['help', '--help', '-h', 'version', '--version']);

/**
 * Routes a command line: returns the exit code when the client handled it (sent it over ssh, or printed
 * --remote-help), or the argv the local CLI should run (client flags removed, --env-file expanded).
 */
export async function routeCommand(argv: readonly string[], options: RouteOptions): Promise<number | string[]> {
  const taken = takeClientFlags(argv, options.find);
  const { flags } = taken;
  if (flags.remoteHelp) {
    const { REMOTE_HELP } = await import('./remote.js');
    options.stdout.write(REMOTE_HELP);
    return 0;
  }
  const args = expandEnvFile(taken.argv);
  const name = args[0];
  const spec = name === undefined ? undefined : options.find(name);
  const mode = decideMode({
    flags,
    forced: options.env.HOP3_CLIENT,
    alwaysLocal: name === undefined ? !flags.app && !flags.remote : LOCAL_NAMES.has(name) || spec?.internal === true || spec?.client === true,
    serverSide: isServerSide(options.env),
    inCheckout: findCheckout(options.cwd) !== undefined,
  });
  if (mode === 'local') {
    // On the server, -a APP fills the app in the same way.
    return spec && flags.app !== undefined ? [spec.name, ...insertApp(spec, args.slice(1), flags.app)] : args;
  }
  const { resolveRemote, runRemote } = await import('./remote.js');
  return runRemote(await resolveRemote(args, flags, options.cwd, options.find), options.env);
}
