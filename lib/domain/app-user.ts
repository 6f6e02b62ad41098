// The unix identity of an app: its user name and the two groups hop3 uses (DESIGN.md section 7).
import { createHash } from 'node:crypto';

/** Every app user is in this group; sudoers lets the hop3 user run commands as its members. */
export const APP_GROUP = 'hop3-app';

/** The group through which the proxy and the agent read what they must (static files, logs, run files). */
export const READ_GROUP = 'hop3-read';

/** Longest user name useradd accepts. */
export const MAX_USER_NAME = 32;

/** The app's unix user: `hop3-<app>`, or a prefix and a hash of the name when that is longer than 32 characters. */
export function appUserName(app: string): string {
  const plain = `hop3-${app}`;
  if (plain.length <= MAX_USER_NAME) return plain;
  const hash = createHash('sha256').update(app).digest('hex').slice(0, 8);
  const prefix = plain.slice(0, MAX_USER_NAME - hash.length - 1).replace(/-+$/, '');
  return `${prefix}-${hash}`;
}
