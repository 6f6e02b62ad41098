// hop3's system PATH, in a module of its own: the SDK uses it without loading the command runner.

/** The PATH given to commands unless the caller sets one. */
export const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
