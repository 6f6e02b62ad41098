// The Debian family (Debian, Ubuntu, derivatives): apt packages, systemd when it runs, useradd accounts.
import { existsSync } from 'node:fs';
import { defineOs } from '../../../lib/sdk.js';
import { installMissing } from './apt.js';
import { installHint, isDebianFamily, packageFor } from './packages.js';
import { ensureUser } from './users.js';

/** System operations for Debian, Ubuntu and their derivatives. */
export default defineOs('debian', ({ run, log }) => ({
  title: 'Debian',
  detect: isDebianFamily,
  packageFor,
  installHint,
  installPackages: (packages) => installMissing({ run, log }, packages),
  serviceManager: () => (existsSync('/run/systemd/system') ? 'systemd' : 'direct'),
  ensureUser: (name, home) => ensureUser(run, name, home),
}));
