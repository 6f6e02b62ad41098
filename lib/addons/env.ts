// The environment addons give an app: computed from its attachments through the plugins, then written
// encrypted to the app's run directory (app-env-file.ts), and masked in output.
import { mkdirSync, rmSync } from 'node:fs';
import { writeFileAtomic } from '../atomic-write.js';
import { Hop3Error } from '../errors.js';
import { secretValues } from '../pipeline/env.js';
import type { Services } from '../pipeline/services.js';
import { addonPlugin, addonsOf, credentialOf } from './context.js';
import type { AddonEnvEntry } from './app-env-file.js';
import { addonKey, encryptJson } from './crypto.js';
import { appEnvFile, legacyAppEnvFile } from './layout.js';

const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `env` with every key prefixed (`PREFIX_KEY`), or unchanged for a null prefix. */
export function applyPrefix(env: Record<string, string>, prefix: string | null): Record<string, string> {
  if (prefix === null) return { ...env };
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [`${prefix}_${k}`, v]));
}

/** The unprefixed variables an addon plugin gives for a credential, checked to be environment names. */
export function pluginEnv(s: Services, app: string, credential: { addonType: string; instance: string; values: Record<string, string> }): Record<string, string> {
  const env = addonPlugin(s, credential.addonType).attach(app, credential);
  for (const [key, value] of Object.entries(env)) {
    if (!ENV_KEY.test(key) || typeof value !== 'string') {
      throw new Hop3Error('E_PLUGIN_SHAPE', `addon plugin ${credential.addonType}: attach() returned an invalid variable ${JSON.stringify(key)}`);
    }
  }
  return env;
}

/** The entries of every addon attached to the app, from the state (decrypts, calls the plugins). */
export function computeAppEnv(s: Services, appId: number, app: string): AddonEnvEntry[] {
  const repo = addonsOf(s);
  return repo.attachments({ appId }).map((a) => {
    const credential = credentialOf(s, repo.get(a.addon));
    const env = applyPrefix(pluginEnv(s, app, credential), a.prefix);
    return { addon: a.addon, type: credential.addonType, prefix: a.prefix, env, secrets: [...new Set([...secretValues(credential.values), ...secretValues(env)])] };
  });
}

/** Rewrites the app's encrypted addon environment from the state (removes it when nothing is attached). */
export function syncAppEnv(s: Services, app: string): AddonEnvEntry[] {
  const entries = computeAppEnv(s, s.state.apps.get(app).id, app);
  const file = appEnvFile(s.paths, app);
  try {
    rmSync(legacyAppEnvFile(s.paths, app), { force: true });
  } catch {
    // in a run dir the app's user owns now: unused once the new file exists
  }
  if (entries.length === 0) {
    rmSync(file, { force: true });
    return entries;
  }
  mkdirSync(s.paths.meta(app), { recursive: true, mode: 0o750 });
  writeFileAtomic(file, `${encryptJson(addonKey(s.paths), entries, `app ${app}`)}\n`, 0o600);
  return entries;
}

/** Every value to mask for the app (what deploy output and `config` hide). */
export function addonSecrets(entries: readonly AddonEnvEntry[]): string[] {
  return entries.flatMap((e) => e.secrets);
}
