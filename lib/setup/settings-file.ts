// settings.json as `hop3 setup` writes it: the options given, over the existing file, over the defaults.
import { validateHostName } from '../domain/names.js';
import { Hop3Error } from '../errors.js';
import type { SettingsSection } from '../sdk.js';
import { DEFAULT_SETTINGS, parseSettings, type Settings } from '../settings.js';
import { readIfExists } from './host-files.js';

/** The options of `hop3 setup` that land in settings.json. */
export interface SettingsOptions {
  domain: string | undefined;
  gitHttpPort: number | undefined;
}

type Raw = Record<string, unknown>;

const isRecord = (value: unknown): value is Raw =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Returns `port` if it is a TCP port number, else throws E_INVALID_VALUE. */
export function validatePort(port: number): number {
  if (Number.isInteger(port) && port >= 1 && port <= 65535) return port;
  throw new Hop3Error(
    'E_INVALID_VALUE',
    `invalid port ${String(port)}: it must be a whole number from 1 to 65535`,
    {
      hint: 'e.g. --git-http-port 8822',
    },
  );
}

/** A plugin's settings section as setup handles it: the SDK's SettingsSection and the plugin's name. */
export interface NamedSection extends SettingsSection {
  name: string;
}

/**
 * The new settings object: the host fields hop3 needs (defaults), then everything the existing file says
 * (an administrator's changes are kept), then the options given. Each plugin section gets the keys its plugin
 * writes (over which the existing section wins), then the plugin's migration. The domain is required when none is known.
 */
export function mergeSettings(
  existing: Raw | undefined,
  options: SettingsOptions,
  sections: readonly NamedSection[] = [],
): { raw: Raw; settings: Settings } {
  const old = existing ?? {};
  const d = DEFAULT_SETTINGS;
  const domain = options.domain === undefined ? old.domain : validateHostName(options.domain);
  if (domain === undefined) {
    throw new Hop3Error(
      'E_USAGE',
      'setup needs --domain the first time (apps are served as <app>.<domain>)',
      {
        hint: 'hop3 setup --domain example.com --ssh-key ~/.ssh/id_ed25519.pub',
      },
    );
  }
  const raw: Raw = {
    ...old,
    domain,
    gitHttpPort:
      options.gitHttpPort === undefined
        ? (old.gitHttpPort ?? d.gitHttpPort)
        : validatePort(options.gitHttpPort),
    hop3Command: old.hop3Command ?? d.hop3Command,
    pluginsDir: old.pluginsDir ?? d.pluginsDir,
  };
  for (const section of sections) {
    const merged = {
      ...section.written,
      ...(isRecord(old[section.name]) ? (old[section.name] as Raw) : {}),
    };
    raw[section.name] = section.migrate ? section.migrate(merged) : merged;
  }
  // A host set up by hop3 runs every app as its own user (docs/security.md "App users").
  raw.isolation = old.isolation ?? 'app-users';
  return { raw, settings: parseSettings(raw) };
}

/** Top-level keys naming programs root runs or directories root reads code and config from. */
const ROOT_TRUSTED = ['hop3Command', 'pluginsDir'] as const;

/**
 * `raw` without the keys root would trust (commands, plugin and site directories: hop3's and those each plugin
 * section declares), for a settings file a non-root user could have written (hosts set up before the privilege
 * boundary): setup resets them to defaults. Returns the keys it dropped.
 */
export function dropRootTrustedKeys(raw: Raw, sections: readonly NamedSection[] = []): string[] {
  const dropped: string[] = [];
  const drop = (obj: Raw, keys: readonly string[], prefix: string): void => {
    for (const key of keys.filter((k) => k in obj)) {
      Reflect.deleteProperty(obj, key);
      dropped.push(`${prefix}${key}`);
    }
  };
  drop(raw, ROOT_TRUSTED, '');
  for (const section of sections) {
    const obj = raw[section.name];
    if (isRecord(obj)) drop(obj, section.rootTrusted, `${section.name}.`);
  }
  return dropped;
}

/** The existing settings file as a JSON object, or undefined when there is none. */
export function readSettingsFile(file: string): Raw | undefined {
  const text = readIfExists(file);
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Hop3Error('E_SETUP', `${file} is not valid JSON`, {
      cause: error,
      hint: `fix or remove ${file}, then run setup again`,
    });
  }
  if (!isRecord(parsed))
    throw new Hop3Error('E_SETUP', `${file} must hold a JSON object`, {
      hint: `fix or remove ${file}`,
    });
  return parsed;
}

/** The file text for a settings object (stable key order as given, two-space indent). */
export function settingsText(raw: Raw): string {
  return `${JSON.stringify(raw, null, 2)}\n`;
}
