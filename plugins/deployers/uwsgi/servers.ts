// The app servers uWSGI runs in-process besides wsgi: Rack apps (rwsgi, the rack plugin) and PHP document
// roots (php, the php plugin). The app's values reach them through generated Ruby and PHP files, never the ini.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Hop3Error, type RenderTemplate } from '../../../lib/sdk.js';
import { iniPath } from './files.js';
import type { InstanceSpec } from './layout.js';

const TEMPLATES = 'deployers/uwsgi';

/** Worker processes of a Rack vassal (the rack plugin runs one request per process). */
const RACK_PROCESSES = 2;
/** Worker processes of a PHP vassal (PHP runs one request per process). */
const PHP_PROCESSES = 4;

/** Where Debian's uWSGI loads its plugins from. */
export const UWSGI_PLUGIN_DIR = '/usr/lib/uwsgi/plugins';

/** The uWSGI plugin each in-process kind needs, and the Debian package that provides it. */
export const SERVER_PLUGINS = {
  rwsgi: { plugin: 'rack', package: 'uwsgi-plugin-rack-ruby3.1' },
  php: { plugin: 'php', package: 'uwsgi-plugin-php' },
} as const;

/** Throws E_BINARY_MISSING when uWSGI's plugin for `kind` is not installed (a uWSGI without a plugin dir is trusted). */
export function checkServerPlugin(kind: keyof typeof SERVER_PLUGINS, dir = UWSGI_PLUGIN_DIR): void {
  const { plugin, package: pkg } = SERVER_PLUGINS[kind];
  if (!existsSync(dir) || existsSync(join(dir, `${plugin}_plugin.so`))) return;
  throw new Hop3Error(
    'E_BINARY_MISSING',
    `"${kind}:" processes need uWSGI's ${plugin} plugin, which is not installed`,
    {
      hint: `apt-get install -y ${pkg}`,
    },
  );
}

/** A single-quoted Ruby or PHP string literal (both only interpret \\ and ' inside single quotes). */
export function quoted(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The vassal ini of a Rack app: the generated Ruby file loads first (rbrequire), then the app's rackup file. */
export function renderRackVassal(
  render: RenderTemplate,
  spec: InstanceSpec,
  base: Record<string, unknown>,
): string {
  return render(`${TEMPLATES}/rack.ini.njk`, {
    ...base,
    processes: RACK_PROCESSES,
    workingDir: iniPath(spec.workingDir, 'working directory'),
    shim: iniPath(spec.files.rubyShim, 'run directory'),
    rackup: iniPath(join(spec.workingDir, spec.process.command), 'rackup file'),
  });
}

/** The Ruby file that counts the start, records the pid, loads the instance environment and the app's bundle. */
export function renderRackShim(render: RenderTemplate, spec: InstanceSpec): string {
  return render(`${TEMPLATES}/rack-shim.rb.njk`, {
    label: `${spec.key.process}.${spec.key.index}`,
    startsFile: quoted(spec.files.starts),
    pidFile: quoted(spec.files.pid),
    envFile: quoted(spec.files.nulEnv),
    workingDir: quoted(spec.workingDir),
    gemfile: quoted(join(spec.workingDir, 'Gemfile')),
  });
}

/**
 * The vassal ini of a PHP document root. uWSGI itself serves the root's other files, except when the root
 * is the whole app (then only scripts run, and vendor/ and dot-directories answer 404).
 */
export function renderPhpVassal(
  render: RenderTemplate,
  spec: InstanceSpec,
  base: Record<string, unknown>,
): string {
  const docroot =
    spec.process.command === '.' ? spec.workingDir : join(spec.workingDir, spec.process.command);
  return render(`${TEMPLATES}/php.ini.njk`, {
    ...base,
    processes: PHP_PROCESSES,
    workingDir: iniPath(spec.workingDir, 'working directory'),
    docroot: iniPath(docroot, 'document root'),
    shim: iniPath(spec.files.phpShim, 'run directory'),
    pidFile: iniPath(spec.files.pid, 'run directory'),
    startsFile: iniPath(spec.files.starts, 'run directory'),
    serveFiles: spec.process.command !== '.',
  });
}

/** The PHP file prepended to every script: puts the instance environment in getenv(), $_ENV and $_SERVER. */
export function renderPhpShim(render: RenderTemplate, spec: InstanceSpec): string {
  return render(`${TEMPLATES}/php-shim.php.njk`, {
    label: `${spec.key.process}.${spec.key.index}`,
    envFile: quoted(spec.files.nulEnv),
  });
}
