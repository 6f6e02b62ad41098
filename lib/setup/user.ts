// The hop3 user: created through the OS plugin (real login shell, unlocked for key-only sshd logins).
import { Hop3Error } from '../errors.js';
import type { Reporter } from '../output/reporter.js';
import type { OperatingSystem } from '../sdk.js';
import { HOP3_USER } from './context.js';
import { lookupUser, type HostUser } from './users.js';

/** Makes sure the hop3 user exists (home = HOP3_HOME) with a shell that can run ssh forced commands. */
export async function ensureHop3User(
  os: OperatingSystem,
  home: string,
  log: Reporter,
  changes: string[],
): Promise<HostUser> {
  log.step(`User ${HOP3_USER}`);
  const before = lookupUser(HOP3_USER);
  await os.ensureUser(HOP3_USER, home);
  const user = lookupUser(HOP3_USER);
  if (!user) {
    throw new Hop3Error('E_SETUP', `the ${os.title} plugin did not create the user ${HOP3_USER}`, {
      hint: `useradd --home-dir ${home} --shell /bin/sh ${HOP3_USER}`,
    });
  }
  if (/(nologin|false)$/.test(user.shell)) {
    throw new Hop3Error(
      'E_SETUP',
      `the user ${HOP3_USER} has the shell ${user.shell}: ssh forced commands need a real shell`,
      {
        hint: `usermod --shell /bin/sh ${HOP3_USER}`,
      },
    );
  }
  if (user.home !== home)
    log.warn(`${HOP3_USER}'s home is ${user.home}, not ${home}: hop3 uses ${home}`);
  if (!before) changes.push(`user ${HOP3_USER}`);
  log.info(
    before
      ? `ok (uid ${user.uid})`
      : `created (uid ${user.uid}, home ${user.home}, shell ${user.shell})`,
  );
  return user;
}
