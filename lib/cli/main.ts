// The CLI entry: finds the command, parses its arguments, runs it, and turns errors into exit codes.
import { parseArgs } from 'node:util';
import { authorizeCommand } from './authorize.js';
import { routeCommand } from './client/index.js';
import { Hop3Error, isHop3Error } from '../errors.js';
import type { LineSink } from '../output/reporter.js';
import { createPaths, homeFromEnv } from '../paths.js';
import { COMMANDS, findCommand } from './commands/index.js';
import { createContext, type CommandContext } from './context.js';
import { logInternalError, remoteOrigin } from './error-log.js';
import { commandHelp, suggestCommand } from './help.js';
import { dropToHomeOwner, requireRoot } from './privileges.js';
import { recordCommandEvent } from './record-event.js';
import type { CommandSpec, ParsedArgs } from './spec.js';

/** Where output goes and who is asking. */
export interface MainOptions {
  stdout?: LineSink;
  stderr?: LineSink;
  env?: NodeJS.ProcessEnv;
  via?: 'ssh' | 'local';
  user?: string;
}

/** Parses a command's arguments; options may come before or after the positionals. */
export function parseCommandArgs(
  spec: CommandSpec,
  argv: string[],
): ParsedArgs & { help: boolean } {
  const options = Object.fromEntries(
    Object.entries(spec.options ?? {}).map(([name, o]) => [
      name,
      o.short ? { type: o.type, short: o.short } : { type: o.type },
    ]),
  );
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Hop3Error('E_USAGE', `${spec.name}: ${why}`, {
      hint: `usage: ${spec.name} ${spec.usage}`,
    });
  }
  const { help, ...rest } = parsed.values as Record<string, string | boolean | undefined>;
  const count = parsed.positionals.length;
  if (
    help !== true &&
    (count < spec.args.min || (spec.args.max !== undefined && count > spec.args.max))
  ) {
    const want =
      spec.args.max === spec.args.min
        ? `${spec.args.min}`
        : `${spec.args.min}${spec.args.max === undefined ? '+' : `-${spec.args.max}`}`;
    throw new Hop3Error(
      'E_USAGE',
      `${spec.name} takes ${want} argument${want === '1' ? '' : 's'}, got ${count}`,
      {
        hint: `usage: ${spec.name} ${spec.usage}`,
      },
    );
  }
  return { positionals: parsed.positionals, options: rest, help: help === true };
}

/** How printError treats stacks. */
export interface ErrorOutput {
  /** Print the stack (a local user asked with --debug). */
  debug: boolean;
  /** Set for a remote user: records an unexpected error on the server and returns its id (undefined if it could not). */
  logRemote?: ((error: unknown) => string | undefined) | undefined;
}

/** Prints an error as one line (plus details and hint); the stack only locally with --debug, never to a remote user. */
export function printError(stderr: LineSink, error: unknown, output: ErrorOutput): number {
  const debug = output.debug && !output.logRemote;
  if (isHop3Error(error)) {
    stderr.write(` !     ${error.message}\n`);
    if (error.details)
      stderr.write(
        error.details
          .split('\n')
          .map((l) => ` !       ${l}\n`)
          .join(''),
      );
    if (error.hint) stderr.write(` !     hint: ${error.hint}\n`);
    if (debug && error.stack) stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  if (output.logRemote) {
    const id = output.logRemote(error);
    stderr.write(
      id
        ? ` !     internal error ${id}: details are in the server's error log; give this id to its administrator\n`
        : " !     internal error: please tell the server's administrator\n",
    );
    return 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  stderr.write(` !     internal error: ${message}\n`);
  stderr.write(
    debug && error instanceof Error && error.stack
      ? `${error.stack}\n`
      : ' !     hint: rerun with --debug for details\n',
  );
  return 1;
}

/** Commands whose caller is a remote user even though sshd or git starts them locally. */
const REMOTE_ENTRY_POINTS = new Set(['ssh-command', 'git-hook']);

/** Runs one hop3 command line and returns its exit code. */
export async function main(argv: string[], options: MainOptions = {}): Promise<number> {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const env = options.env ?? process.env;
  let args = argv.filter((a) => a !== '--debug');
  let [name = 'help', ...rest] = args;
  let ctx: CommandContext | undefined;
  try {
    if (options.via !== 'ssh') {
      // The developer's side (lib/client): may send the command to a hop3 git remote over ssh.
      const routed = await routeCommand(args, {
        env,
        cwd: process.cwd(),
        stdout,
        find: findCommand,
      });
      if (typeof routed === 'number') return routed;
      args = routed;
      [name = 'help', ...rest] = args;
    }
    if (name === '--version' || name === 'version') {
      const { HOP3_VERSION } = await import('../version.js');
      stdout.write(`hop3 ${HOP3_VERSION}\n`);
      return 0;
    }
    const spec = findCommand(name === '--help' || name === '-h' ? 'help' : name);
    if (!spec || (options.via === 'ssh' && (spec.internal || spec.localOnly))) {
      const suggestion = suggestCommand(name, COMMANDS, options.via === 'ssh');
      throw new Hop3Error('E_UNKNOWN_COMMAND', `"${name}" is not a hop3 command`, {
        hint: suggestion
          ? `did you mean "${suggestion}"? (run "help" for the list)`
          : 'run "help" for the list of commands',
      });
    }
    const parsed = parseCommandArgs(spec, rest);
    if (parsed.help) {
      stdout.write(commandHelp(spec));
      return 0;
    }
    const home = homeFromEnv(env);
    if (spec.root) requireRoot(spec.name);
    else if (!spec.client) dropToHomeOwner(home);
    ctx = createContext({
      home,
      stdout,
      stderr,
      via: options.via ?? 'local',
      user: options.user ?? env.USER ?? 'local',
      env,
      // ssh-command hands the remote user's command line back to main (no import of main from the command).
      dispatch: (line, as) =>
        main(line, { stdout, stderr, via: as.via, user: as.user, env: { HOP3_HOME: home } }),
    });
    authorizeCommand(spec, ctx, parsed);
    const code = (await spec.run(ctx, parsed)) ?? 0;
    if (code === 0) recordCommandEvent(ctx, spec, parsed);
    return code;
  } catch (error) {
    // Over ssh (and in the hook a push runs) nobody gets a stack: --debug is ignored, errors are logged by id.
    const remote = options.via === 'ssh' || REMOTE_ENTRY_POINTS.has(name);
    const debug = !remote && (argv.includes('--debug') || env.HOP3_DEBUG === '1');
    const logRemote = remote
      ? (e: unknown) =>
          logInternalError(
            createPaths(homeFromEnv(env)).errorLog,
            e,
            remoteOrigin(name, rest, env, options),
          )
      : undefined;
    return printError(stderr, error, { debug, logRemote });
  } finally {
    ctx?.close();
  }
}
