// Server-wide settings written by `hop3 setup` to $HOP3_HOME/settings.json. Read on every command: no heavy imports.
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { Hop3Error } from './errors.js';

/** The settings every part of hop3 may read. */
export interface Settings {
  /** Apps are served as `<app>.<domain>` by default. */
  domain: string;
  /** Port of the HTTP git endpoint. */
  gitHttpPort: number;
  /** The command hooks and authorized_keys lines call (absolute path). */
  hop3Command: string;
  /** Seconds a new web process has to accept HTTP before a deploy fails. */
  healthTimeoutSec: number;
  /** Milliseconds the old processes keep running after the proxy switched (in-flight requests finish). */
  drainMs: number;
  /** The proxy plugin that serves apps. */
  proxy: string;
  /** How many successful releases keep their build (for rollback); older builds are removed. */
  keepReleases: number;
  /** A deploy refuses to start when the disk holding HOP3_HOME has less free space than this. */
  minFreeDiskMb: number;
  /** External plugins: root-owned, installed by `hop3 plugins:install` (never under HOP3_HOME). */
  pluginsDir: string;
  nginx: {
    binary: string;
    /** The command that makes the running nginx reload its configuration (run as root by the privileged step). */
    reload: string[];
    /** The root-owned directory of the app sites, included by the system nginx. */
    sitesDir: string;
    /** The port nginx serves apps on (checked after a switch). */
    httpPort: number;
    /** The running nginx master's pid file (to wait for old workers after a reload). */
    pidFile: string;
  };
  uwsgi: {
    binary: string;
    /** The root-owned directory of the emperor's own files (pid, log) when apps run as their own users. */
    emperorDir?: string;
  };
  git: {
    /** A push (ssh or HTTP) sending more than this many megabytes is refused with E_PUSH_TOOLARGE. */
    maxPushMb: number;
  };
  /** The event log (`hop3 events`): the newest `keepPerApp` events per app, none older than `keepDays` (0: no bound). */
  events: { keepPerApp: number; keepDays: number };
  /** `app-users`: every app runs as its own unix user (set by `hop3 setup`); `none`: as the hop3 user. */
  isolation: Isolation;
}

/** How apps are separated from each other and from hop3. */
export type Isolation = 'app-users' | 'none';

/** Settings used for any key the file does not set. */
export const DEFAULT_SETTINGS: Settings = {
  domain: 'localhost',
  gitHttpPort: 8822,
  hop3Command: '/usr/local/bin/hop3',
  healthTimeoutSec: 30,
  drainMs: 500,
  proxy: 'nginx',
  keepReleases: 5,
  minFreeDiskMb: 500,
  pluginsDir: '/usr/local/lib/hop3/plugins',
  nginx: {
    binary: '/usr/sbin/nginx',
    reload: ['/usr/sbin/nginx', '-s', 'reload'],
    sitesDir: '/etc/hop3/nginx',
    httpPort: 80,
    pidFile: '/run/nginx.pid',
  },
  uwsgi: { binary: '/usr/bin/uwsgi', emperorDir: '/var/lib/hop3/emperor' },
  git: { maxPushMb: 1024 },
  events: { keepPerApp: 1000, keepDays: 90 },
  isolation: 'none',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isolation(value: unknown): Isolation {
  if (value === undefined || value === 'none') return 'none';
  if (value === 'app-users') return 'app-users';
  throw new Hop3Error('E_SETUP', `settings.json: "isolation" must be "app-users" or "none"`, { hint: 'rerun scripts/bootstrap.sh' });
}

/** Merges a parsed settings file over the defaults, rejecting values of the wrong type. */
export function parseSettings(raw: unknown, file = 'settings.json'): Settings {
  if (!isRecord(raw)) throw new Hop3Error('E_SETUP', `${file} must hold a JSON object`);
  const bad = (key: string, want: string): Hop3Error =>
    new Hop3Error('E_SETUP', `${file}: "${key}" must be ${want}`, { hint: 'rerun scripts/bootstrap.sh' });
  const str = (obj: Record<string, unknown>, key: string, fallback: string, path = key): string => {
    const v = obj[key];
    if (v === undefined) return fallback;
    if (typeof v !== 'string' || v.length === 0) throw bad(path, 'a non-empty string');
    return v;
  };
  const num = (obj: Record<string, unknown>, key: string, fallback: number, path = key): number => {
    const v = obj[key];
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw bad(path, 'a whole number');
    return v;
  };
  const argv = (obj: Record<string, unknown>, key: string, fallback: string[], path: string): string[] => {
    const v = obj[key];
    if (v === undefined) return fallback;
    if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'string')) {
      throw bad(path, 'a non-empty array of strings');
    }
    return v;
  };
  const nginx = isRecord(raw.nginx) ? raw.nginx : {};
  const uwsgi = isRecord(raw.uwsgi) ? raw.uwsgi : {};
  const git = isRecord(raw.git) ? raw.git : {};
  const events = isRecord(raw.events) ? raw.events : {};
  const positive = (obj: Record<string, unknown>, key: string, fallback: number, path: string): number => {
    const v = num(obj, key, fallback, path);
    if (v === 0) throw bad(path, 'a whole number of at least 1');
    return v;
  };
  const d = DEFAULT_SETTINGS;
  return {
    domain: str(raw, 'domain', d.domain),
    gitHttpPort: num(raw, 'gitHttpPort', d.gitHttpPort),
    hop3Command: str(raw, 'hop3Command', d.hop3Command),
    healthTimeoutSec: num(raw, 'healthTimeoutSec', d.healthTimeoutSec),
    drainMs: num(raw, 'drainMs', d.drainMs),
    proxy: str(raw, 'proxy', d.proxy),
    keepReleases: Math.max(1, num(raw, 'keepReleases', d.keepReleases)),
    minFreeDiskMb: num(raw, 'minFreeDiskMb', d.minFreeDiskMb),
    pluginsDir: str(raw, 'pluginsDir', d.pluginsDir),
    nginx: {
      binary: str(nginx, 'binary', d.nginx.binary, 'nginx.binary'),
      reload: argv(nginx, 'reload', d.nginx.reload, 'nginx.reload'),
      sitesDir: str(nginx, 'sitesDir', d.nginx.sitesDir, 'nginx.sitesDir'),
      httpPort: num(nginx, 'httpPort', d.nginx.httpPort, 'nginx.httpPort'),
      pidFile: str(nginx, 'pidFile', d.nginx.pidFile, 'nginx.pidFile'),
    },
    uwsgi: {
      binary: str(uwsgi, 'binary', d.uwsgi.binary, 'uwsgi.binary'),
      emperorDir: str(uwsgi, 'emperorDir', d.uwsgi.emperorDir ?? '/var/lib/hop3/emperor', 'uwsgi.emperorDir'),
    },
    git: { maxPushMb: positive(git, 'maxPushMb', d.git.maxPushMb, 'git.maxPushMb') },
    events: {
      keepPerApp: num(events, 'keepPerApp', d.events.keepPerApp, 'events.keepPerApp'),
      keepDays: num(events, 'keepDays', d.events.keepDays, 'events.keepDays'),
    },
    isolation: isolation(raw.isolation),
  };
}

/** True when a user other than root could change the file with this owner and mode. */
export function writableByNonRoot(st: { uid: number; mode: number }): boolean {
  return st.uid !== 0 || (st.mode & 0o022) !== 0;
}

/**
 * The file's text. As root, refuses a symlink or a file a non-root user can write (E_SETTINGS_UNSAFE):
 * its commands (nginx.reload, hop3Command) would run as root.
 */
function readSettingsText(file: string): string {
  if (process.getuid?.() !== 0) return readFileSync(file, 'utf8');
  const unsafe = (why: string): Hop3Error =>
    new Hop3Error('E_SETTINGS_UNSAFE', `${file} ${why}: refusing to load it as root`, {
      hint: `check its content, then: chown root:hop3 ${file} && chmod 640 ${file}`,
    });
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') throw unsafe('is a symbolic link');
    throw error;
  }
  try {
    if (writableByNonRoot(fstatSync(fd))) throw unsafe('can be changed by a user other than root');
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}

/** Reads the settings file; a missing file means hop3 was never set up on this host. */
export function loadSettings(file: string): Settings {
  let text: string;
  try {
    text = readSettingsText(file);
  } catch (error) {
    if (error instanceof Hop3Error) throw error;
    throw new Hop3Error('E_SETUP', `hop3 is not set up here (no ${file})`, {
      hint: 'run scripts/bootstrap.sh --domain <domain> --ssh-key <key.pub>',
    });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Hop3Error('E_SETUP', `${file} is not valid JSON`, { cause: error });
  }
  return parseSettings(raw, file);
}
