// Commands run as the owner of HOP3_HOME: root's invocations drop to that user before touching state.
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { Hop3Error } from '../errors.js';

interface PasswdEntry {
  name: string;
  home: string;
}

function passwdEntry(uid: number): PasswdEntry | undefined {
  for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
    const f = line.split(':');
    if (f.length >= 7 && Number(f[2]) === uid) return { name: f[0] ?? '', home: f[5] ?? '' };
  }
  return undefined;
}

/**
 * When running as root and `home` belongs to another user, becomes that user (groups, gid, uid, HOME).
 * Files hop3 creates then belong to the same user as the ones the ssh path creates.
 */
export function dropToHomeOwner(home: string): void {
  if (process.getuid?.() !== 0) return;
  let owner: number;
  let group: number;
  try {
    const st = statSync(home);
    owner = st.uid;
    group = st.gid;
  } catch {
    return;
  }
  if (owner === 0) return;
  const entry = passwdEntry(owner);
  if (!entry)
    throw new Hop3Error('E_SETUP', `the owner (uid ${owner}) of ${home} has no /etc/passwd entry`);
  (process as { initgroups?: (user: string, group: number) => void }).initgroups?.(
    entry.name,
    group,
  );
  process.setgid?.(group);
  process.setuid?.(owner);
  process.env.HOME = entry.home;
  process.env.USER = entry.name;
  process.env.LOGNAME = entry.name;
  // A working directory the new user cannot enter (root's home, a checkout under /root) makes the
  // programs hop3 runs fail (psql and mysql refuse to start there): continue from HOP3_HOME.
  try {
    accessSync(process.cwd(), constants.X_OK);
  } catch {
    process.chdir(home);
  }
}

/** Throws unless running as root (for setup commands and the privileged steps). */
export function requireRoot(command: string, uid = process.getuid?.()): void {
  if (uid !== 0) {
    throw new Hop3Error('E_NOT_ALLOWED', `"${command}" must run as root`, {
      hint: `sudo hop3 ${command}`,
    });
  }
}
