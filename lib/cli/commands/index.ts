// Every CLI command, in the order help lists them.
import { clientCommands } from '../client/commands.js';
import { Hop3Error } from '../../errors.js';
import { commandHelp, generalHelp } from '../help.js';
import { defineCommand, type CommandSpec } from '../spec.js';
import { accessCommands } from './access.js';
import { addonsCommands } from './addons.js';
import { appsCommands } from './apps.js';
import { configCommands } from './config.js';
import { domainCommands } from './domains.js';
import { doctorCommands } from './doctor.js';
import { eventsCommands } from './events.js';
import { gitCommands } from './git.js';
import { historyCommands } from './history.js';
import { hostCommands } from './host.js';
import { logsCommands } from './logs.js';
import { pluginCommands } from './plugins.js';
import { psCommands } from './ps.js';
import { releaseCommands } from './releases.js';
import { tokenCommands } from './tokens.js';
import { plumbingCommands } from './plumbing.js';
import { identityCommands } from './identity.js';
import { prepareCommands } from './prepare.js';
import { privCommands } from './priv.js';

/** All commands. */
export const COMMANDS: readonly CommandSpec[] = [
  ...appsCommands,
  ...configCommands,
  ...domainCommands,
  ...addonsCommands,
  ...releaseCommands,
  ...historyCommands,
  ...eventsCommands,
  ...gitCommands,
  ...psCommands,
  ...logsCommands,
  ...tokenCommands,
  ...accessCommands,
  ...pluginCommands,
  defineCommand({
    name: 'help',
    summary: 'list commands, or show how to use one',
    usage: '[COMMAND]',
    args: { min: 0, max: 1 },
    access: 'any',
    run(ctx, { positionals }) {
      const name = positionals[0];
      const spec = name === undefined ? undefined : findCommand(name);
      // A limited key is shown the commands it may run (the others are for admins).
      const mine = ctx.scope().admin
        ? COMMANDS
        : COMMANDS.filter((c) => c.access !== undefined && c.access !== 'admin');
      if (name === undefined) ctx.stdout.write(generalHelp(mine, ctx.via));
      else if (!spec || spec.internal || (ctx.via === 'ssh' && spec.localOnly)) {
        throw new Hop3Error('E_UNKNOWN_COMMAND', `"${name}" is not a hop3 command`, {
          hint: 'run "help" for the list',
        });
      } else ctx.stdout.write(commandHelp(spec));
      return 0;
    },
  }),
  ...hostCommands,
  ...doctorCommands,
  ...clientCommands(() => COMMANDS),
  ...plumbingCommands,
  ...identityCommands,
  ...prepareCommands,
  ...privCommands,
];

/** The command with this name, if any. */
export function findCommand(name: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.name === name);
}
