// Creates the hop3 system user the way sshd accepts it: a real login shell and an unlocked (key-only) account.
import type { PluginDeps } from '../../../lib/sdk.js';
import { Hop3Error } from '../../../lib/sdk.js';

const USER_NAME = /^[a-z_][a-z0-9_-]{0,31}$/;

/** Ensures user `name` exists with home `home`; a locked account is given the "no password" mark `*`. */
export async function ensureUser(
  run: PluginDeps['run'],
  name: string,
  home: string,
): Promise<void> {
  if (!USER_NAME.test(name))
    throw new Hop3Error('E_INVALID_NAME', `invalid user name ${JSON.stringify(name)}`);
  if (!home.startsWith('/'))
    throw new Hop3Error('E_INVALID_VALUE', `the home of user ${name} must be absolute: ${home}`);
  const known = await run('getent', ['passwd', name], { reject: false });
  if (known.exitCode !== 0) {
    await run('useradd', ['--create-home', '--home-dir', home, '--shell', '/bin/sh', name]);
  }
  // `passwd -S` prints "<name> L ..." for a locked account ("!" or "*"), "P" for one with a password (kept).
  const status = await run('passwd', ['-S', name], { reject: false });
  if (status.stdout.split(/\s+/)[1] !== 'P') await run('usermod', ['-p', '*', name]);
}
