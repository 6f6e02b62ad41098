// Validation of every name that can reach a path, a command line or a config file (DESIGN.md section 6).
import { Hop3Error } from '../errors.js';

const APP_NAME = /^[a-z][a-z0-9-]{0,62}$/;
const CONFIG_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PROCESS_NAME = /^[a-z][a-z0-9_-]{0,29}$/;
const TOKEN_NAME = /^[a-z][a-z0-9_-]{0,62}$/;
const DOMAIN_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Returns `name` if it is a valid app name, else throws E_INVALID_NAME. */
export function validateAppName(name: string): string {
  if (APP_NAME.test(name) && !name.endsWith('-')) return name;
  const shown = JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}...` : name);
  const why =
    name.length > 63
      ? `is ${name.length} characters long (at most 63)`
      : 'must start with a lowercase letter and contain only a-z, 0-9 and "-"';
  throw new Hop3Error('E_INVALID_NAME', `invalid app name ${shown}: it ${why}`, {
    hint: 'use a name like "myapp" or "my-app-2"',
  });
}

/** Returns `key` if it is a valid environment variable name, else throws E_INVALID_KEY. */
export function validateConfigKey(key: string): string {
  if (CONFIG_KEY.test(key)) return key;
  throw new Hop3Error(
    'E_INVALID_KEY',
    `invalid config key ${JSON.stringify(key)}: it must match [A-Za-z_][A-Za-z0-9_]*`,
    {
      hint: 'config keys are environment variable names, e.g. DATABASE_URL or GREETING',
    },
  );
}

/** True when `name` is a valid Procfile process type. */
export function isProcessName(name: string): boolean {
  return PROCESS_NAME.test(name);
}

/** Returns `name` if it is a valid token name, else throws E_INVALID_NAME. */
export function validateTokenName(name: string): string {
  if (TOKEN_NAME.test(name)) return name;
  throw new Hop3Error('E_INVALID_NAME', `invalid token name ${JSON.stringify(name)}`, {
    hint: 'use lowercase letters, digits, "-" and "_", starting with a letter (e.g. "ci-deploy")',
  });
}

/** True when `host` is a valid RFC 1123 host name (lowercase, at most 253 characters). */
export function isHostName(host: string): boolean {
  if (host.length === 0 || host.length > 253) return false;
  return host.split('.').every((label) => DOMAIN_LABEL.test(label));
}

/** Returns `host` lowercased if it is a valid host name, else throws E_INVALID_VALUE. */
export function validateHostName(host: string): string {
  const lower = host.toLowerCase();
  if (isHostName(lower)) return lower;
  throw new Hop3Error(
    'E_INVALID_VALUE',
    `invalid domain ${JSON.stringify(host)}: not an RFC 1123 host name`,
    {
      hint: 'use a name like "www.example.com"',
    },
  );
}

/**
 * Returns `host` lowercased if an app may claim it as a domain, else throws E_DOMAIN_INVALID: not an RFC 1123
 * name, `localhost` (or a name under it), or an IP address (a last label of digits only, or any IPv6 form).
 */
export function validateDomain(host: string): string {
  const lower = host.toLowerCase().replace(/\.$/, '');
  const shown = JSON.stringify(host.length > 80 ? `${host.slice(0, 80)}...` : host);
  let why: string | undefined;
  if (lower === 'localhost' || lower.endsWith('.localhost')) why = 'localhost is the server itself';
  else if (lower.includes(':') || /^[0-9.]+$/.test(lower) || /(^|\.)\d+$/.test(lower))
    why = 'an IP address is not a domain';
  else if (!isHostName(lower)) why = 'not an RFC 1123 host name';
  if (why === undefined) return lower;
  throw new Hop3Error('E_DOMAIN_INVALID', `invalid domain ${shown}: ${why}`, {
    hint: 'use a host name you own, like "www.example.com"',
  });
}
