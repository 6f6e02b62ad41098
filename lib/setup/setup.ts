// Host setup (root): packages, the hop3 user, directories, settings, nginx include, ssh key, services.
import { Hop3Error } from '../errors.js';
import type { Reporter } from '../output/reporter.js';

/** Options of `hop3 setup`. */
export interface SetupOptions {
  home: string;
  log: Reporter;
  domain: string | undefined;
  sshKeyFile: string | undefined;
  gitHttpPort: number | undefined;
  startServices: boolean;
}

/** Sets up the host; idempotent. */
export function setupHost(_options: SetupOptions): Promise<void> {
  return Promise.reject(new Hop3Error('E_SETUP', 'setup is being written'));
}
