// The hop3 user's authorized_keys: one forced-command line per named key; nothing else can run.
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../atomic-write.js';
import { validateTokenName } from '../domain/names.js';
import { shellQuote } from '../domain/shell-words.js';
import { Hop3Error } from '../errors.js';

const KEY_TYPES = new Set([
  'ssh-ed25519',
  'ssh-rsa',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'sk-ssh-ed25519@openssh.com',
  'sk-ecdsa-sha2-nistp256@openssh.com',
]);

/** A public key as found in a .pub file. */
export interface PublicKey {
  type: string;
  data: string;
}

/** One hop3 entry of authorized_keys. */
export interface KeyEntry extends PublicKey {
  name: string;
}

const MARK = 'hop3-key=';

/** Parses the first key of a .pub file's text. Throws E_INVALID_VALUE on anything else. */
export function parsePublicKey(text: string): PublicKey {
  const line =
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.length > 0 && !l.startsWith('#')) ?? '';
  const [type = '', data = ''] = line.split(/\s+/);
  if (!KEY_TYPES.has(type) || !/^[A-Za-z0-9+/]+={0,3}$/.test(data)) {
    throw new Hop3Error(
      'E_INVALID_VALUE',
      'not an ssh public key (expected a line like "ssh-ed25519 AAAA... comment")',
      {
        hint: 'pass the .pub file, e.g. ~/.ssh/id_ed25519.pub',
      },
    );
  }
  return { type, data };
}

/** The authorized_keys line for a key: restricted, forced to run `hop3 ssh-command`. */
export function authorizedKeyLine(entry: KeyEntry, hop3Command: string, home: string): string {
  const command = `HOP3_HOME=${shellQuote(home)} ${shellQuote(hop3Command)} ssh-command --key ${entry.name}`;
  return `restrict,command="${command.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}" ${entry.type} ${entry.data} ${MARK}${entry.name}`;
}

/** The hop3 key entries of an authorized_keys file (other lines are kept but not listed). */
export function readKeys(file: string): KeyEntry[] {
  if (!existsSync(file)) return [];
  const entries: KeyEntry[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /\s(\S+)\s([A-Za-z0-9+/]+={0,3})\shop3-key=([a-z][a-z0-9_-]*)$/.exec(line);
    if (m?.[1] && m[2] && m[3]) entries.push({ type: m[1], data: m[2], name: m[3] });
  }
  return entries;
}

function writeAtomically(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  chmodSync(dirname(file), 0o700);
  writeFileAtomic(file, text, 0o600);
}

/** Adds (or replaces) the named key. Returns true when the file changed. */
export function addKey(
  file: string,
  name: string,
  key: PublicKey,
  hop3Command: string,
  home: string,
): boolean {
  validateTokenName(name);
  const lines = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.length > 0)
    : [];
  const line = authorizedKeyLine({ ...key, name }, hop3Command, home);
  if (lines.includes(line)) return false;
  const owner = readKeys(file).find((k) => k.data === key.data && k.name !== name);
  if (owner) {
    throw new Hop3Error('E_INVALID_VALUE', `this key is already installed as "${owner.name}"`, {
      hint: `remove it first with ssh-keys:remove ${owner.name}`,
    });
  }
  const kept = lines.filter((l) => !l.endsWith(` ${MARK}${name}`));
  writeAtomically(file, [...kept, line].join('\n') + '\n');
  return true;
}

/** Removes the named key. Throws E_INVALID_VALUE when there is none. */
export function removeKey(file: string, name: string): void {
  const lines = existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.length > 0)
    : [];
  const kept = lines.filter((l) => !l.endsWith(` ${MARK}${name}`));
  if (kept.length === lines.length) {
    throw new Hop3Error('E_INVALID_VALUE', `no ssh key named "${name}"`, {
      hint: 'run "hop3 ssh-keys:list"',
    });
  }
  writeAtomically(file, kept.length > 0 ? kept.join('\n') + '\n' : '');
}
