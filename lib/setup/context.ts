// What every setup step works with: the host's files, the hop3 user, settings, and the command runner.
import type { Reporter } from '../output/reporter.js';
import type { Paths } from '../paths.js';
import type { RunCommand } from '../proc/run.js';
import type { ServiceManager } from '../sdk.js';
import type { Settings } from '../settings.js';
import type { RenderTemplate } from '../templates/render.js';
import type { HostUser } from './users.js';

/** System files and directories setup writes or reads outside HOP3_HOME. */
export interface SystemFiles {
  sudoers: string;
  unitDir: string;
  sshdPid: string;
  sshdRunDir: string;
}

/** Debian's locations. */
export const SYSTEM_FILES: SystemFiles = {
  sudoers: '/etc/sudoers.d/hop3',
  unitDir: '/etc/systemd/system',
  sshdPid: '/run/sshd.pid',
  sshdRunDir: '/run/sshd',
};

/** The name of the user that owns HOP3_HOME and runs every app. */
export const HOP3_USER = 'hop3';

/** Everything a setup step needs. */
export interface SetupContext {
  paths: Paths;
  settings: Settings;
  log: Reporter;
  run: RunCommand;
  render: RenderTemplate;
  user: HostUser;
  manager: ServiceManager;
  system: SystemFiles;
  /** What this run changed, one short phrase each (empty: the host was already set up). */
  changes: string[];
}
