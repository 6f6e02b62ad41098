// The administrator's public key in the hop3 user's authorized_keys, as a forced-command line.
import { chownSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateTokenName } from '../domain/names.js';
import { Hop3Error } from '../errors.js';
import { addKey, parsePublicKey, readKeys, type PublicKey } from '../ssh/authorized-keys.js';
import type { SetupContext } from './context.js';

/** A key name from a .pub file's comment ("alice@laptop" -> "alice-laptop"), or "default". */
export function keyNameFromComment(pubText: string): string {
  const line =
    pubText
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.length > 0 && !l.startsWith('#')) ?? '';
  const comment = line.split(/\s+/).slice(2).join(' ');
  const name = comment
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .slice(0, 63)
    .replace(/[-_]+$/, '');
  try {
    return validateTokenName(name);
  } catch {
    return 'default';
  }
}

/** `name`, or `name-2`, `name-3`... when another key already has it. */
function freeName(name: string, taken: ReadonlySet<string>): string {
  let candidate = name;
  for (let n = 2; taken.has(candidate); n += 1) candidate = `${name.slice(0, 58)}-${n}`;
  return candidate;
}

/** A public key file as read before setup changes anything: its text (for the comment) and the key. */
export interface PublicKeyFile {
  file: string;
  text: string;
  key: PublicKey;
}

/** Reads and parses a .pub file; E_INVALID_VALUE when it is unreadable or not a public key. */
export function readPublicKeyFile(file: string): PublicKeyFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Hop3Error('E_INVALID_VALUE', `cannot read the public key file ${file}`, {
      hint: 'pass a readable .pub file',
    });
  }
  return { file, text, key: parsePublicKey(text) };
}

/** Adds the key (an already installed key keeps its name); .ssh and authorized_keys belong to the hop3 user. */
export function installSshKey(ctx: SetupContext, pub: PublicKeyFile): void {
  ctx.log.step(`Installing the ssh key ${pub.file}`);
  const file = join(ctx.paths.ssh, 'authorized_keys');
  const keys = readKeys(file);
  const existing = keys.find((k) => k.data === pub.key.data);
  const name =
    existing?.name ?? freeName(keyNameFromComment(pub.text), new Set(keys.map((k) => k.name)));
  const changed = addKey(file, name, pub.key, ctx.settings.hop3Command, ctx.paths.home);
  if (changed) ctx.changes.push(`ssh key ${name}`);
  if (!changed) ctx.log.info(`ok (installed as "${name}")`);
  else if (existing) ctx.log.info(`updated "${name}" (its forced command changed)`);
  else ctx.log.info(`added as "${name}": it may push and run hop3 commands`);
  chownSync(ctx.paths.ssh, ctx.user.uid, ctx.user.gid);
  chownSync(file, ctx.user.uid, ctx.user.gid);
}
