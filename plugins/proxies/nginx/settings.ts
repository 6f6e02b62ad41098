// The nginx proxy's own settings section ("nginx" in settings.json).
import {
  pluginSection,
  sectionReader,
  type Settings,
  type SettingsSection,
} from '../../../lib/sdk.js';

/** The "nginx" section, with defaults (Debian's locations). */
export interface NginxSettings {
  binary: string;
  /** The command that makes the running nginx reload its configuration (run as root by the privileged step). */
  reload: string[];
  /** The root-owned directory of the app sites, included by the system nginx. */
  sitesDir: string;
  /** The port nginx serves apps on (checked after a switch). */
  httpPort: number;
  /** The running nginx master's pid file (to wait for old workers after a reload). */
  pidFile: string;
  /** The conf.d file setup writes to include the sites directory in the system nginx. */
  include: string;
  /** The distribution's welcome site, which claims default_server on port 80 (disabled by setup). */
  defaultSite: string;
}

const DEFAULTS: NginxSettings = {
  binary: '/usr/sbin/nginx',
  reload: ['/usr/sbin/nginx', '-s', 'reload'],
  sitesDir: '/etc/hop3/nginx',
  httpPort: 80,
  pidFile: '/run/nginx.pid',
  include: '/etc/nginx/conf.d/hop3.conf',
  defaultSite: '/etc/nginx/sites-enabled/default',
};

/** Before the privilege boundary the hop3 user reloaded nginx through sudo; now root does. */
const SUDO_RELOAD = ['sudo', '-n', '/usr/sbin/nginx', '-s', 'reload'];

/** What setup writes on a new host, the keys root trusts (what it runs, writes or reads as config), the migration. */
export const NGINX_SECTION: SettingsSection = {
  written: {
    binary: DEFAULTS.binary,
    reload: DEFAULTS.reload,
    sitesDir: DEFAULTS.sitesDir,
    httpPort: DEFAULTS.httpPort,
  },
  rootTrusted: ['binary', 'reload', 'sitesDir', 'pidFile', 'include', 'defaultSite'],
  migrate: (section) =>
    JSON.stringify(section.reload) === JSON.stringify(SUDO_RELOAD)
      ? { ...section, reload: DEFAULTS.reload }
      : section,
};

/** The section as validated values. */
export function nginxSettings(settings: Pick<Settings, 'sections'>): NginxSettings {
  const read = sectionReader(pluginSection(settings, 'nginx'), 'nginx');
  return {
    binary: read.str('binary', DEFAULTS.binary),
    reload: read.argv('reload', DEFAULTS.reload),
    sitesDir: read.str('sitesDir', DEFAULTS.sitesDir),
    httpPort: read.num('httpPort', DEFAULTS.httpPort),
    pidFile: read.str('pidFile', DEFAULTS.pidFile),
    include: read.str('include', DEFAULTS.include),
    defaultSite: read.str('defaultSite', DEFAULTS.defaultSite),
  };
}
