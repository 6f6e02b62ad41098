// Credentials at rest: AES-256-GCM with a random 32-byte key kept in a 0600 file under HOP3_HOME.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { Hop3Error } from '../errors.js';
import type { Paths } from '../paths.js';
import { keyFile } from './layout.js';

const VERSION = 'v1';

function readKey(file: string): Buffer | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Hop3Error('E_SETUP', `cannot read the addon key ${file}`, {
      cause: error,
      hint: 'it must belong to the hop3 user, mode 0600',
    });
  }
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32)
    throw new Hop3Error('E_SETUP', `${file} does not hold a 32-byte key`, {
      hint: 'restore it from a backup of HOP3_HOME',
    });
  return key;
}

/**
 * The key that encrypts addon credentials. With `create`, a missing key is generated (exclusive create,
 * so two processes agree on one); without it, a missing key is an error (data encrypted with it exists).
 */
export function addonKey(paths: Paths, create = false): Buffer {
  const file = keyFile(paths);
  const existing = readKey(file);
  if (existing) return existing;
  if (!create) {
    throw new Hop3Error(
      'E_SETUP',
      `the addon key ${file} is missing: stored addon credentials cannot be decrypted`,
      {
        hint: 'restore it from a backup of HOP3_HOME',
      },
    );
  }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return addonKey(paths);
    throw error;
  }
  try {
    writeSync(fd, `${randomBytes(32).toString('base64')}\n`);
  } finally {
    closeSync(fd);
  }
  return addonKey(paths);
}

/** Encrypts a JSON value; `context` (e.g. the addon's name) is authenticated, so a row cannot be moved to another. */
export function encryptJson(key: Buffer, value: unknown, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return [
    VERSION,
    iv.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
    body.toString('base64url'),
  ].join('.');
}

/** Decrypts what encryptJson produced for the same context; a wrong key or a tampered text is E_SETUP. */
export function decryptJson(key: Buffer, text: string, context: string): unknown {
  const [version, iv, tag, body] = text.split('.');
  try {
    if (version !== VERSION || iv === undefined || tag === undefined || body === undefined)
      throw new Error('unknown format');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    const plain = Buffer.concat([
      decipher.update(Buffer.from(body, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
    return JSON.parse(plain) as unknown;
  } catch (error) {
    throw new Hop3Error('E_SETUP', `cannot decrypt the stored credentials of ${context}`, {
      cause: error,
      hint: 'the addon key (addons/secret.key under HOP3_HOME) is not the one they were encrypted with',
    });
  }
}
