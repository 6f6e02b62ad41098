// The system user hop3 runs as, read from /etc/passwd.
import { readFileSync } from 'node:fs';

/** A user account: name, ids, home and login shell. */
export interface HostUser {
  name: string;
  uid: number;
  gid: number;
  home: string;
  shell: string;
}

/** Parses /etc/passwd text and returns the named user, if any. */
export function findUser(passwd: string, name: string): HostUser | undefined {
  for (const line of passwd.split('\n')) {
    const [user, , uid, gid, , home, shell] = line.split(':');
    if (user === name && uid !== undefined && gid !== undefined) {
      return { name, uid: Number(uid), gid: Number(gid), home: home ?? '', shell: shell ?? '' };
    }
  }
  return undefined;
}

/** The named user of this host, if it exists. */
export function lookupUser(name: string, passwdFile = '/etc/passwd'): HostUser | undefined {
  return findUser(readFileSync(passwdFile, 'utf8'), name);
}
