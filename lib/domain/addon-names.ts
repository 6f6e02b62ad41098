// Addon names and env prefixes: the one rule for each, checked before a name reaches SQL, a path or a command line.
import { Hop3Error } from '../errors.js';

const ADDON_NAME = /^[a-z][a-z0-9-]{0,49}$/;
const ADDON_TYPE = /^[a-z][a-z0-9-]{0,40}$/;
const PREFIX = /^[A-Z][A-Z0-9_]{0,39}$/;

/** True when `name` is a valid addon name (lowercase letters, digits and "-", at most 50 characters). */
export function isAddonName(name: string): boolean {
  return ADDON_NAME.test(name) && !name.endsWith('-');
}

/** Returns `name` if it is a valid addon name, else throws E_INVALID_NAME. */
export function validateAddonName(name: string): string {
  if (isAddonName(name)) return name;
  const shown = JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}...` : name);
  const why =
    name.length > 50
      ? `is ${name.length} characters long (at most 50)`
      : 'must start with a lowercase letter and contain only a-z, 0-9 and "-"';
  throw new Hop3Error('E_INVALID_NAME', `invalid addon name ${shown}: it ${why}`, {
    hint: 'use a name like "mydb" or "shop-cache"',
  });
}

/** True when `type` can name an addon plugin (`postgres`). */
export function isAddonType(type: string): boolean {
  return ADDON_TYPE.test(type);
}

/** True when `prefix` can start environment variable names (`ANALYTICS`). */
export function isPrefix(prefix: string): boolean {
  return PREFIX.test(prefix);
}

/** Returns `type` if it can name an addon plugin, else throws E_INVALID_NAME. */
export function validateAddonType(type: string): string {
  if (isAddonType(type)) return type;
  throw new Hop3Error('E_INVALID_NAME', `invalid addon type ${JSON.stringify(type)}`, {
    hint: 'run "addons:types" to list the types',
  });
}

/** Returns `prefix` if it can start environment variable names (`ANALYTICS`), else throws E_INVALID_KEY. */
export function validatePrefix(prefix: string): string {
  if (isPrefix(prefix)) return prefix;
  throw new Hop3Error(
    'E_INVALID_KEY',
    `invalid prefix ${JSON.stringify(prefix)}: it must match [A-Z][A-Z0-9_]*`,
    {
      hint: 'e.g. --as ANALYTICS gives ANALYTICS_DATABASE_URL',
    },
  );
}

/** The prefix used when an addon's variables would clash with another's: its name in capitals, "-" as "_". */
export function defaultPrefix(name: string): string {
  return name.toUpperCase().replace(/-/g, '_');
}

/**
 * The database, role or user name hop3 gives an addon instance: `hop3_` and the name with "-" as "_"
 * (names never contain "_", so two names never share an identifier).
 */
export function addonIdentifier(instance: string): string {
  return `hop3_${validateAddonName(instance).replace(/-/g, '_')}`;
}
