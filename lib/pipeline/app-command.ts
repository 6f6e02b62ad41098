// Runs an app's own shell command (prebuild, postbuild, release, [build] build) in its release dir.
import { Hop3Error, isHop3Error, type ErrorCode } from '../errors.js';
import type { Reporter } from '../output/reporter.js';
import type { RunCommand } from '../proc/run.js';

/** One app command to run. */
export interface AppCommand {
  /** What it is, for messages ("release command"). */
  label: string;
  command: string;
  dir: string;
  env: Record<string, string>;
  /** The error code when it fails. */
  code: ErrorCode;
  timeoutMs?: number;
}

/** Runs the command through `sh -c` (it is the app's code), streaming its output; throws `code` on failure. */
export async function runAppCommand(
  run: RunCommand,
  cmd: AppCommand,
  log: Reporter,
): Promise<void> {
  await log.timed(`Running ${cmd.label}: ${cmd.command}`, async () => {
    try {
      await run('/bin/sh', ['-c', cmd.command], {
        cwd: cmd.dir,
        env: cmd.env,
        timeoutMs: cmd.timeoutMs ?? 30 * 60_000,
        onLine: (line) => {
          if (line.trim()) log.info(line);
        },
      });
    } catch (error) {
      const why = isHop3Error(error) ? error.message.replace(/^\/bin\/sh /, '') : String(error);
      throw new Hop3Error(cmd.code, `${cmd.label} failed: "${cmd.command}" ${why}`, {
        hint: 'fix the command (its output is above) and push again; the previous release keeps serving',
        cause: error,
      });
    }
  });
}
