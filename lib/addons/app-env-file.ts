// The app's addon environment as a file (encrypted, mode 0600, in apps/<app>/run): every path that starts
// the app (deploy, restart, rollback) reads it with the key alone, without the state or the plugins.
import { existsSync, readFileSync } from 'node:fs';
import { Hop3Error } from '../errors.js';
import type { Paths } from '../paths.js';
import { addonKey, decryptJson } from './crypto.js';
import { appEnvFile, legacyAppEnvFile } from './layout.js';

/** The variables one attached addon gives an app. */
export interface AddonEnvEntry {
  addon: string;
  type: string;
  prefix: string | null;
  /** With the prefix applied. */
  env: Record<string, string>;
  /** Values to mask in output (passwords, URLs holding them). */
  secrets: string[];
}

/** The app's addon entries as last written ([] when it has none). */
export function readAppEnvEntries(paths: Paths, app: string): AddonEnvEntry[] {
  const file = existsSync(appEnvFile(paths, app)) ? appEnvFile(paths, app) : legacyAppEnvFile(paths, app);
  if (!existsSync(file)) return [];
  const entries = decryptJson(addonKey(paths), readFileSync(file, 'utf8').trim(), `app ${app}`);
  if (!Array.isArray(entries)) throw new Hop3Error('E_INTERNAL', `${file} does not hold a list`);
  return entries as AddonEnvEntry[];
}

/** Every addon variable of the app, merged (what runtimeEnv adds). */
export function readAddonEnv(paths: Paths, app: string): Record<string, string> {
  return Object.assign({}, ...readAppEnvEntries(paths, app).map((e) => e.env)) as Record<string, string>;
}

export { maskSecrets } from '../output/reporter.js';
