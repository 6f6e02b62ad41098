// Runs the CLI in-process against a temporary HOP3_HOME and captures its output.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, type MainOptions } from '../../lib/cli/main.js';

/** What one CLI run printed and returned. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A temporary hop3 home with a settings file. */
export interface TempHome {
  home: string;
  cli(
    args: string[],
    options?: Omit<MainOptions, 'stdout' | 'stderr' | 'env'> & { env?: NodeJS.ProcessEnv },
  ): Promise<CliResult>;
  cleanup(): void;
}

/** Creates a temporary home; `settings` are written to its settings.json. */
export function tempHome(settings: Record<string, unknown> = { domain: 'hop3.test' }): TempHome {
  const home = mkdtempSync(join(tmpdir(), 'hop3-home-'));
  writeFileSync(join(home, 'settings.json'), JSON.stringify(settings));
  return {
    home,
    async cli(args, options = {}) {
      let stdout = '';
      let stderr = '';
      const code = await main(args, {
        ...options,
        env: { HOP3_HOME: home, ...options.env },
        stdout: { write: (c: string) => (stdout += c) },
        stderr: { write: (c: string) => (stderr += c) },
      });
      return { code, stdout, stderr };
    },
    cleanup: () => rmSync(home, { recursive: true, force: true }),
  };
}
