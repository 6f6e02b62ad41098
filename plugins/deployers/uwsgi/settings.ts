// The uwsgi deployer's own settings section ("uwsgi" in settings.json) and its directories under HOP3_HOME.
import { join } from 'node:path';
import {
  pluginSection,
  sectionReader,
  type HomeDir,
  type Paths,
  type Settings,
  type SettingsSection,
} from '../../../lib/sdk.js';

/** The "uwsgi" section, with defaults. */
export interface UwsgiSettings {
  binary: string;
  /** The root-owned directory of the emperor's own files (pid, log) when apps run as their own users. */
  emperorDir: string;
}

const DEFAULTS: UwsgiSettings = { binary: '/usr/bin/uwsgi', emperorDir: '/var/lib/hop3/emperor' };

/** What setup writes, and which keys root trusts (the binary it runs as root). */
export const UWSGI_SECTION: SettingsSection = { written: { ...DEFAULTS }, rootTrusted: ['binary'] };

/** The section as validated values. */
export function uwsgiSettings(settings: Pick<Settings, 'sections'>): UwsgiSettings {
  const read = sectionReader(pluginSection(settings, 'uwsgi'), 'uwsgi');
  return {
    binary: read.str('binary', DEFAULTS.binary),
    emperorDir: read.str('emperorDir', DEFAULTS.emperorDir),
  };
}

/** $HOP3_HOME/uwsgi: the emperor's ini, pid and log when it runs as the hop3 user. */
export const emperorHome = (paths: Pick<Paths, 'home'>): string => join(paths.home, 'uwsgi');

/** $HOP3_HOME/uwsgi-enabled: vassals of supervised processes (and of apps, before app users). */
export const enabledDir = (paths: Pick<Paths, 'home'>): string => join(paths.home, 'uwsgi-enabled');

/** The directories setup creates for the deployer. */
export const UWSGI_HOME_DIRS: readonly HomeDir[] = [
  { name: 'uwsgi', mode: 0o755 },
  { name: 'uwsgi-enabled', mode: 0o755 },
];

/** The Debian packages the deployer needs (other language plugins are installed when an app needs them). */
export const UWSGI_PACKAGES = ['uwsgi-core', 'uwsgi-plugin-python3'] as const;
