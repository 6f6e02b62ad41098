// Telling whether a system daemon (nginx, sshd) runs, and starting one through systemd or by its binary.
import { processArgv } from '../proc/pids.js';
import type { SetupContext } from './context.js';
import { readIfExists } from './host-files.js';

/** True when `pidFile` names a live process whose command line mentions `name`. */
export function runningFromPidFile(pidFile: string, name: string): boolean {
  const pid = Number(readIfExists(pidFile)?.trim());
  const argv = processArgv(pid);
  return argv?.join(' ').includes(name) ?? false;
}

/** Runs `systemctl` with the arguments; a failure is E_COMMAND_FAILED with its output. */
export async function systemctl(ctx: SetupContext, args: readonly string[]): Promise<void> {
  await ctx.run('systemctl', args, { timeoutMs: 120_000 });
}
