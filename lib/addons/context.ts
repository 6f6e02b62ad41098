// What addon operations share: the services they use, plugin lookup, decryption, the per-addon lock.
import { Hop3Error } from '../errors.js';
import type { Paths } from '../paths.js';
import type { PluginRegistry } from '../plugins/registry.js';
import type { Addon, AddonCredential } from '../sdk.js';
import type { AddonRow } from '../state/addons.js';
import type { State } from '../state/index.js';
import { acquireLock, type AppLock } from '../state/lock.js';
import { addonKey, decryptJson, encryptJson } from './crypto.js';

/** What addon operations use (the pipeline's services have these and more). */
export interface AddonServices {
  paths: Paths;
  state: State;
  plugins: PluginRegistry;
}

/** The addon plugin for a type; E_UNKNOWN_PLUGIN listing the installed types when there is none. */
export function addonPlugin(s: AddonServices, type: string): Addon {
  const found = s.plugins.all('addon').find((p) => p.name === type);
  if (found) return found.instance;
  const known =
    s.plugins
      .all('addon')
      .map((p) => p.name)
      .join(', ') || 'none';
  throw new Hop3Error('E_UNKNOWN_PLUGIN', `unknown addon type "${type}" (available: ${known})`, {
    hint: 'run "addons:types" to list them',
  });
}

const context = (name: string): string => `addon ${name}`;

/** Encrypts an addon's credential values for its row. */
export function sealCredential(
  s: AddonServices,
  name: string,
  values: Record<string, string>,
): string {
  return encryptJson(addonKey(s.paths, true), values, context(name));
}

/** The decrypted credential of a stored addon. */
export function credentialOf(s: AddonServices, row: AddonRow): AddonCredential {
  const values = decryptJson(addonKey(s.paths), row.credential, context(row.name));
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    throw new Hop3Error(
      'E_INTERNAL',
      `the stored credential of addon ${row.name} is not an object`,
    );
  }
  return { addonType: row.type, instance: row.name, values: values as Record<string, string> };
}

/** Takes the lock of one addon (create, attach, destroy, backup and restore of it never overlap). */
export function lockAddon(s: AddonServices, name: string, what: string): AppLock {
  // App names never contain a dot, so these lock files never collide with an app's.
  return acquireLock(s.paths.locks, `addon.${name}`, what);
}

/** The message of any thrown value. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
