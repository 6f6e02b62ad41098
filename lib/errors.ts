// The one error type hop3 throws: a stable code, an exit code, a message naming the thing, a hint.

/** Every error code hop3 can report, with its process exit code. Documented in docs/errors.md. */
export const ERROR_CODES = {
  E_USAGE: 2,
  E_UNKNOWN_COMMAND: 2,
  E_INVALID_NAME: 2,
  E_INVALID_KEY: 2,
  E_INVALID_VALUE: 2,
  E_DOMAIN_INVALID: 2,
  E_CONFIRM_REQUIRED: 2,
  E_NO_REMOTE: 2,
  E_REMOTE_URL: 2,
  E_BACKUP_INVALID: 2,
  E_APP_NOT_FOUND: 3,
  E_RELEASE_NOT_FOUND: 3,
  E_TOKEN_NOT_FOUND: 3,
  E_NOT_DEPLOYED: 3,
  E_CONFIG_NOT_SET: 3,
  E_ADDON_NOT_FOUND: 3,
  E_RELEASE_PRUNED: 3,
  E_AUTH: 4,
  E_NOT_ALLOWED: 5,
  E_FORBIDDEN: 5,
  E_APP_EXISTS: 6,
  E_TOKEN_EXISTS: 6,
  E_LOCKED: 6,
  E_ADDON_EXISTS: 6,
  E_ADDON_IN_USE: 6,
  E_DOMAIN_TAKEN: 6,
  E_DISK_FULL: 8,
  E_REF_REFUSED: 8,
  E_PUSH_TOOLARGE: 8,
  E_PROCFILE: 8,
  E_HOP3_TOML: 8,
  E_APP_JSON: 8,
  E_CHECKS_FILE: 8,
  E_ENV_FILE: 8,
  E_UNSAFE_PATH: 8,
  E_NO_TOOLCHAIN: 8,
  E_NO_GO_MOD: 8,
  E_TOOLCHAIN_TIE: 8,
  E_UNKNOWN_PLUGIN: 8,
  E_BINARY_MISSING: 8,
  E_HOOK_FAILED: 8,
  E_BUILD_FAILED: 8,
  E_DEPENDENCY_DOWNLOAD: 8,
  E_RELEASE_FAILED: 8,
  E_START_FAILED: 8,
  E_NO_DEPLOYER: 8,
  E_PROXY_REJECTED: 8,
  E_PROXY_RELOAD: 8,
  E_PLUGIN_LOAD: 9,
  E_PLUGIN_SHAPE: 9,
  E_PLUGIN_DUPLICATE: 9,
  E_PLUGIN_SDK: 9,
  E_PLUGIN_UNSAFE: 9,
  E_SETTINGS_UNSAFE: 1,
  E_COMMAND_FAILED: 1,
  E_SETUP: 1,
  E_ADDON_SERVER: 1,
  E_INTERNAL: 1,
} as const;

/** A stable, documented error code such as `E_NO_TOOLCHAIN`. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** Optional parts of a Hop3Error. */
export interface Hop3ErrorOptions {
  /** Something the user can type or do to fix it. */
  hint?: string | undefined;
  /** Longer output (a tool's last lines) shown under the message. */
  details?: string | undefined;
  cause?: unknown;
}

/** An expected failure: printed as one line (plus hint) by the CLI, never with a stack unless --debug. */
export class Hop3Error extends Error {
  override readonly name = 'Hop3Error';
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly details: string | undefined;

  constructor(code: ErrorCode, message: string, options: Hop3ErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
    this.details = options.details;
  }

  /** The process exit code for this error. */
  get exitCode(): number {
    return ERROR_CODES[this.code];
  }
}

/** True when `error` is a Hop3Error, even one thrown by another copy of the SDK (external plugins). */
export function isHop3Error(error: unknown): error is Hop3Error {
  if (error instanceof Hop3Error) return true;
  return (
    error instanceof Error &&
    error.name === 'Hop3Error' &&
    typeof (error as { code?: unknown }).code === 'string'
  );
}
