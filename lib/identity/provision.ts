// Creating and removing an app's unix user and its directories (root only: `hop3 priv:app-user`).
import {
  closeSync,
  constants,
  existsSync,
  fchmodSync,
  fchownSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { APP_GROUP, appUserName, READ_GROUP } from '../domain/app-user.js';
import { Hop3Error } from '../errors.js';
import type { Paths } from '../paths.js';
import type { RunCommand } from '../proc/run.js';
import { appHome } from './app-sandbox.js';

/** uid and gid of a user from /etc/passwd, or undefined. */
export function lookupUser(name: string): { uid: number; gid: number } | undefined {
  for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
    const f = line.split(':');
    if (f[0] === name && f.length >= 7) return { uid: Number(f[2]), gid: Number(f[3]) };
  }
  return undefined;
}

/** gid of a group from /etc/group, or undefined. */
export function lookupGroup(name: string): number | undefined {
  for (const line of readFileSync('/etc/group', 'utf8').split('\n')) {
    const f = line.split(':');
    if (f[0] === name && f.length >= 3) return Number(f[2]);
  }
  return undefined;
}

/** Creates a system group unless it exists; returns its gid. */
export async function ensureGroup(run: RunCommand, name: string): Promise<number> {
  if (lookupGroup(name) === undefined) await run('groupadd', ['--system', name]);
  const gid = lookupGroup(name);
  if (gid === undefined) throw new Hop3Error('E_SETUP', `group ${name} could not be created`);
  return gid;
}

/**
 * Gives a directory its owner and mode through a descriptor opened without following a symlink, so an app
 * that swaps one of its directories (home/tmp) for a link cannot make root change the link's target.
 */
export function ownDirectory(path: string, uid: number, gid: number, mode: number): void {
  if (lstatSync(path, { throwIfNoEntry: false }) === undefined)
    mkdirSync(path, { recursive: true });
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW);
  } catch {
    throw new Hop3Error(
      'E_SETUP',
      `${path} is not a plain directory (a symlink?): refusing to change it`,
    );
  }
  try {
    fchownSync(fd, uid, gid);
    fchmodSync(fd, mode);
  } finally {
    closeSync(fd);
  }
}

/** Changes the owner of everything under `dir` (not following symlinks) to the app user. */
async function chownTree(run: RunCommand, dir: string, user: string, group: string): Promise<void> {
  if (!existsSync(dir)) return;
  await run('chown', ['-R', '-P', `${user}:${group}`, dir]);
  // Files made before the app had a user were world-readable: only the owner and the read group now.
  await run('chmod', ['-R', 'o-rwx,g-w', dir]);
}

/**
 * Creates the app's user (`useradd --system`, in hop3-app) unless it exists, and gives it its directories:
 * releases, cache, logs and run 2750 app:hop3-read (the proxy and hop3 read through the group), data and
 * home 0700, meta 2750 hop3:app (what hop3 trusts: artifacts, build logs; the app reads, never writes). apps/<app> stays hop3's, so the app
 * cannot rename its own top directories. Existing files are given to the app (the upgrade path). Idempotent.
 */
export async function provisionAppUser(
  run: RunCommand,
  paths: Paths,
  app: string,
): Promise<string> {
  if (process.getuid?.() !== 0)
    throw new Hop3Error('E_NOT_ALLOWED', 'creating an app user needs root');
  const user = appUserName(app);
  const { home, tmp } = appHome(paths, app);
  await ensureGroup(run, APP_GROUP);
  const readGid = await ensureGroup(run, READ_GROUP);
  if (!lookupUser(user)) {
    await run('useradd', [
      '--system',
      '--user-group',
      '--no-create-home',
      '--home-dir',
      home,
      '--shell',
      '/usr/sbin/nologin',
      '-G',
      APP_GROUP,
      user,
    ]);
  }
  const ids = lookupUser(user);
  if (!ids) throw new Hop3Error('E_SETUP', `user ${user} could not be created`);
  const hop3 = lookupUser('hop3') ?? {
    uid: lstatSync(paths.home).uid,
    gid: lstatSync(paths.home).gid,
  };
  // Others (the app's own user among them) may only pass through: each subdirectory guards itself.
  ownDirectory(paths.app(app), hop3.uid, readGid, 0o751);
  // hop3's; the app's group may read (the source archive it unpacks, its own build logs), never write.
  ownDirectory(join(paths.app(app), 'meta'), hop3.uid, ids.gid, 0o2750);
  for (const dir of [paths.releases(app), paths.cache(app), paths.logs(app), paths.run(app)]) {
    if (existsSync(dir)) await chownTree(run, dir, user, READ_GROUP);
    ownDirectory(dir, ids.uid, readGid, 0o2750);
  }
  for (const dir of [paths.data(app), home, tmp]) {
    if (existsSync(dir)) await chownTree(run, dir, user, user);
    ownDirectory(dir, ids.uid, ids.gid, 0o700);
  }
  return user;
}

/** Removes the app's user and group (its files are removed by apps:destroy --purge). */
export async function removeAppUser(run: RunCommand, app: string): Promise<void> {
  if (process.getuid?.() !== 0)
    throw new Hop3Error('E_NOT_ALLOWED', 'removing an app user needs root');
  const user = appUserName(app);
  if (!lookupUser(user)) return;
  // Its processes are gone by now (destroy retired them); anything left is killed so userdel succeeds.
  await run('pkill', ['-KILL', '-u', user], { reject: false });
  await run('userdel', [user]);
  if (lookupGroup(user) !== undefined) await run('groupdel', [user], { reject: false });
}
