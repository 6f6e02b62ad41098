// The client's entry: takes its flags out of the command line, applies the rule, and sends remote commands.
import type { LineSink } from '../../output/reporter.js';
import type { CommandSpec } from '../spec.js';
import { insertApp } from './app-arg.js';
import { decideMode, findCheckout, isServerSide, takeClientFlags } from './rule.js';

/** What the entry point gives the client. */
export interface RouteOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdout: LineSink;
  find: (name: string) => CommandSpec | undefined;
}

const LOCAL_NAMES = new Set(['help', '--help', '-h', 'version', '--version']);

/** Commands that only make sense where they are typed: plumbing, root's host commands, the client's own. */
function hostOnly(spec: CommandSpec | undefined): boolean {
  return (
    spec !== undefined &&
    (spec.internal === true ||
      spec.root === true ||
      spec.localOnly === true ||
      spec.client === true)
  );
}

/**
 * Routes a command line: returns the exit code when the client handled it (sent it over ssh, or printed
 * --remote-help), or the argv the local CLI should run (client flags removed, --env-file expanded).
 */
export async function routeCommand(
  argv: readonly string[],
  options: RouteOptions,
): Promise<number | string[]> {
  const taken = takeClientFlags(argv, options.find);
  const { flags } = taken;
  if (flags.remoteHelp) {
    const { REMOTE_HELP } = await import('./remote.js');
    options.stdout.write(REMOTE_HELP);
    return 0;
  }
  const args = taken.argv.some((a) => a.startsWith('--env-file'))
    ? (await import('./env-file.js')).expandEnvFile(taken.argv)
    : taken.argv;
  const name = args[0];
  const spec = name === undefined ? undefined : options.find(name);
  const mode = decideMode({
    flags,
    forced: options.env.HOP3_CLIENT,
    alwaysLocal:
      name === undefined ? !flags.app && !flags.remote : LOCAL_NAMES.has(name) || hostOnly(spec),
    serverSide: isServerSide(options.env),
    inCheckout: findCheckout(options.cwd) !== undefined,
  });
  if (mode === 'local') {
    // On the server, -a APP fills the app in the same way.
    return spec && flags.app !== undefined
      ? [spec.name, ...insertApp(spec, args.slice(1), flags.app)]
      : args;
  }
  const { resolveRemote, runRemote } = await import('./remote.js');
  return runRemote(await resolveRemote(args, flags, options.cwd, options.find), options.env);
}
