// The environment addons give an app: computed from its attachments in the state through the plugins,
// in memory, whenever its processes start (nothing is cached on disk, so it is never stale).
import { Hop3Error } from '../errors.js';
import { secretValues } from '../domain/secrets.js';
import { addonPlugin, credentialOf, type AddonServices } from './context.js';

const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

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

/** `env` with every key prefixed (`PREFIX_KEY`), or unchanged for a null prefix. */
export function applyPrefix(
  env: Record<string, string>,
  prefix: string | null,
): Record<string, string> {
  if (prefix === null) return { ...env };
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [`${prefix}_${k}`, v]));
}

/** The unprefixed variables an addon plugin gives for a credential, checked to be environment names. */
export function pluginEnv(
  s: AddonServices,
  app: string,
  credential: { addonType: string; instance: string; values: Record<string, string> },
): Record<string, string> {
  const env = addonPlugin(s, credential.addonType).attach(app, credential);
  for (const [key, value] of Object.entries(env)) {
    if (!ENV_KEY.test(key) || typeof value !== 'string') {
      throw new Hop3Error(
        'E_PLUGIN_SHAPE',
        `addon plugin ${credential.addonType}: attach() returned an invalid variable ${JSON.stringify(key)}`,
      );
    }
  }
  return env;
}

/** The entries of every addon attached to the app, from the state (decrypts, calls the plugins). */
export function appAddonEnv(s: AddonServices, app: { id: number; name: string }): AddonEnvEntry[] {
  return s.state.addons.attachments({ appId: app.id }).map((a) => {
    const credential = credentialOf(s, s.state.addons.get(a.addon));
    const env = applyPrefix(pluginEnv(s, app.name, credential), a.prefix);
    return {
      addon: a.addon,
      type: credential.addonType,
      prefix: a.prefix,
      env,
      secrets: [...new Set([...secretValues(credential.values), ...secretValues(env)])],
    };
  });
}

/** Every addon variable of the app, merged (what the runtime environment adds). */
export function mergeAddonEnv(entries: readonly AddonEnvEntry[]): Record<string, string> {
  return Object.assign({}, ...entries.map((e) => e.env)) as Record<string, string>;
}

/** Every value to mask for the app (what deploy output and `config` hide). */
export function addonSecrets(entries: readonly AddonEnvEntry[]): string[] {
  return entries.flatMap((e) => e.secrets);
}
