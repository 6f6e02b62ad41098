// Server-wide settings written by `hop3 setup` to $HOP3_HOME/settings.json. Read on every command: no heavy imports.
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { Hop3Error } from './errors.js';
import { BUILTIN_CHOICES } from '../plugins/defaults.js';

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
  /** The deployer that supervises long-running processes (app processes, addon servers): its host hooks run. */
  supervisor: string;
  /**
   * Plugin sections: every top-level object of settings.json other than the core's ("git"), by name (the
   * plugin's name, e.g. "nginx"). The core does not read them; each plugin validates its own (sectionReader).
   */
  sections: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
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
  proxy: BUILTIN_CHOICES.proxy,
  keepReleases: 5,
  minFreeDiskMb: 500,
  pluginsDir: '/usr/local/lib/hop3/plugins',
  supervisor: BUILTIN_CHOICES.supervisor,
  sections: {},
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
  throw new Hop3Error('E_SETUP', `settings.json: "isolation" must be "app-users" or "none"`, {
    hint: 'rerun scripts/bootstrap.sh',
  });
}

/** Top-level objects of settings.json the core reads itself (any other object is a plugin section). */
const CORE_SECTIONS = new Set(['git', 'events']);

/** Typed reads of one settings object; a wrong type is E_SETUP naming the key (`nginx.binary`) and the file. */
export interface SectionReader {
  str(key: string, fallback: string): string;
  num(key: string, fallback: number): number;
  argv(key: string, fallback: string[]): string[];
}

/** Reads `obj` (a section named `prefix`, or the top level when it is empty) with type checks. */
export function sectionReader(
  obj: Readonly<Record<string, unknown>>,
  prefix = '',
  file = 'settings.json',
): SectionReader {
  const path = (key: string): string => (prefix === '' ? key : `${prefix}.${key}`);
  const bad = (key: string, want: string): Hop3Error =>
    new Hop3Error('E_SETUP', `${file}: "${path(key)}" must be ${want}`, {
      hint: 'rerun scripts/bootstrap.sh',
    });
  return {
    str(key, fallback) {
      const v = obj[key];
      if (v === undefined) return fallback;
      if (typeof v !== 'string' || v.length === 0) throw bad(key, 'a non-empty string');
      return v;
    },
    num(key, fallback) {
      const v = obj[key];
      if (v === undefined) return fallback;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw bad(key, 'a whole number');
      return v;
    },
    argv(key, fallback) {
      const v = obj[key];
      if (v === undefined) return fallback;
      if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'string'))
        throw bad(key, 'a non-empty array of strings');
      return v;
    },
  };
}

/** A plugin's own settings section (empty when the file has none). */
export function pluginSection(
  settings: Pick<Settings, 'sections'>,
  name: string,
): Readonly<Record<string, unknown>> {
  return settings.sections[name] ?? {};
}

/** Merges a parsed settings file over the defaults, rejecting values of the wrong type. */
export function parseSettings(raw: unknown, file = 'settings.json'): Settings {
  if (!isRecord(raw)) throw new Hop3Error('E_SETUP', `${file} must hold a JSON object`);
  const top = sectionReader(raw, '', file);
  const git = isRecord(raw.git) ? raw.git : {};
  const ev = sectionReader(isRecord(raw.events) ? raw.events : {}, 'events', file);
  const d = DEFAULT_SETTINGS;
  const maxPushMb = sectionReader(git, 'git', file).num('maxPushMb', d.git.maxPushMb);
  if (maxPushMb === 0)
    throw new Hop3Error(
      'E_SETUP',
      `${file}: "git.maxPushMb" must be a whole number of at least 1`,
      { hint: 'rerun scripts/bootstrap.sh' },
    );
  const sections: Record<string, Record<string, unknown>> = {};
  for (const [key, value] of Object.entries(raw))
    if (isRecord(value) && !CORE_SECTIONS.has(key)) sections[key] = value;
  return {
    domain: top.str('domain', d.domain),
    gitHttpPort: top.num('gitHttpPort', d.gitHttpPort),
    hop3Command: top.str('hop3Command', d.hop3Command),
    healthTimeoutSec: top.num('healthTimeoutSec', d.healthTimeoutSec),
    drainMs: top.num('drainMs', d.drainMs),
    proxy: top.str('proxy', d.proxy),
    keepReleases: Math.max(1, top.num('keepReleases', d.keepReleases)),
    minFreeDiskMb: top.num('minFreeDiskMb', d.minFreeDiskMb),
    pluginsDir: top.str('pluginsDir', d.pluginsDir),
    supervisor: top.str('supervisor', d.supervisor),
    sections,
    git: { maxPushMb },
    events: {
      keepPerApp: ev.num('keepPerApp', d.events.keepPerApp),
      keepDays: ev.num('keepDays', d.events.keepDays),
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
 * its commands (hop3Command, a proxy's reload command) would run as root.
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
