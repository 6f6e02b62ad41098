// Renders an instance's files from templates: the vassal ini (one template per kind), the launcher script,
// the WSGI shim and the env files (Rack and PHP: servers.ts). Only hop3's paths and numbers reach an ini;
// app values go to the others.
import { execForm, Hop3Error, shellQuote, type RenderTemplate } from '../../../lib/sdk.js';
import { uwsgiCronSpecs } from './cron.js';
import { iniPath } from './files.js';
import type { InstanceKey, InstanceSpec } from './layout.js';
import { renderPhpVassal, renderRackVassal } from './servers.js';

export type { InstanceSpec } from './layout.js';

/** Worker processes, and threads in each, of a wsgi vassal. */
const WSGI = { processes: 2, threads: 2 } as const;

const TEMPLATES = 'deployers/uwsgi';
const WSGI_TARGET = /^([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)(?::([A-Za-z_]\w*))?$/;
const ENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The kinds whose app runs inside the uWSGI vassal itself (the others are commands it supervises). */
export const IN_UWSGI: readonly string[] = ['wsgi', 'rwsgi', 'php'];

const label = (key: InstanceKey): string => `${key.process}.${key.index}`;

function common(spec: InstanceSpec): Record<string, unknown> {
  return {
    label: label(spec.key),
    kind: spec.process.kind,
    generation: spec.key.generation,
    vassalPidFile: iniPath(spec.files.vassalPid, 'run directory'),
    // wsgi, rwsgi and php apps run inside uWSGI, so their output is uWSGI's; the others write the app log themselves.
    logFile: iniPath(
      IN_UWSGI.includes(spec.process.kind) ? spec.files.logFile : spec.files.supervisorLog,
      'log file',
    ),
  };
}

function requirePort(spec: InstanceSpec): number {
  if (spec.port === undefined) throw new Hop3Error('E_INTERNAL', `${label(spec.key)} has no port`);
  return spec.port;
}

/** The vassal ini of an instance. */
export function renderVassal(render: RenderTemplate, spec: InstanceSpec): string {
  const base = common(spec);
  switch (spec.process.kind) {
    case 'wsgi':
      return render(`${TEMPLATES}/wsgi.ini.njk`, {
        ...base,
        port: requirePort(spec),
        processes: WSGI.processes,
        threads: WSGI.threads,
        workingDir: iniPath(spec.workingDir, 'working directory'),
        virtualenv: spec.virtualenv === undefined ? '' : iniPath(spec.virtualenv, 'virtualenv'),
        shim: iniPath(spec.files.shim, 'run directory'),
      });
    case 'rwsgi':
      return renderRackVassal(render, spec, { ...base, port: requirePort(spec) });
    case 'php':
      return renderPhpVassal(render, spec, { ...base, port: requirePort(spec) });
    case 'cron':
      return render(`${TEMPLATES}/cron.ini.njk`, {
        ...base,
        specs: uwsgiCronSpecs(spec.process.schedule ?? ''),
        launcher: iniPath(spec.files.launcher, 'run directory'),
      });
    case 'web':
    case 'worker':
      return render(`${TEMPLATES}/daemon.ini.njk`, {
        ...base,
        launcher: iniPath(spec.files.launcher, 'run directory'),
      });
  }
}

/** The sh script that runs a web, worker or cron command; web and worker ones also count starts and record the pid. */
export function renderLauncher(render: RenderTemplate, spec: InstanceSpec): string {
  return render(`${TEMPLATES}/launcher.sh.njk`, {
    label: label(spec.key),
    counted: spec.process.kind !== 'cron',
    startsFile: shellQuote(spec.files.starts),
    pidFile: shellQuote(spec.files.pid),
    envFile: shellQuote(spec.files.shellEnv),
    logFile: shellQuote(spec.files.logFile),
    workingDir: shellQuote(spec.workingDir),
    // exec'd: the app replaces the shell, so it gets uWSGI's signals and the recorded pid is its own.
    command: shellQuote(execForm(spec.process.command)),
  });
}

/** The module and callable of a `module:callable` wsgi target (the callable defaults to `application`). */
export function wsgiTarget(target: string): { module: string; callable: string } {
  const m = WSGI_TARGET.exec(target);
  if (!m) {
    throw new Hop3Error(
      'E_PROCFILE',
      `wsgi needs a Python "module:callable", not ${JSON.stringify(target)}`,
      {
        hint: 'e.g. "wsgi: app:application"',
      },
    );
  }
  return { module: m[1] ?? '', callable: m[2] ?? 'application' };
}

/** The Python module uWSGI loads for a wsgi instance; every value is a JSON (hence Python) string literal. */
export function renderShim(render: RenderTemplate, spec: InstanceSpec): string {
  const { module, callable } = wsgiTarget(spec.process.command);
  const py = (value: string): string => JSON.stringify(value);
  return render(`${TEMPLATES}/wsgi-shim.py.njk`, {
    label: label(spec.key),
    startsFile: py(spec.files.starts),
    pidFile: py(spec.files.pid),
    envFile: py(spec.files.jsonEnv),
    workingDir: py(spec.workingDir),
    module: py(module),
    callable: py(callable),
  });
}

function checkKeys(env: Record<string, string>): string[] {
  const keys = Object.keys(env).sort();
  const bad = keys.find((k) => !ENV_KEY.test(k));
  if (bad !== undefined) {
    throw new Hop3Error(
      'E_INVALID_KEY',
      `environment variable name ${JSON.stringify(bad)} is not valid`,
      {
        hint: 'names use letters, digits and "_" and do not start with a digit',
      },
    );
  }
  return keys;
}

/** The env file a launcher sources: one `export KEY='value'` line per variable, every value quoted literally. */
export function shellEnvFile(env: Record<string, string>): string {
  const lines = checkKeys(env).map((k) => `export ${k}=${shellQuote(env[k] ?? '')}`);
  return `# Generated by hop3: the environment of one process instance.\n${lines.join('\n')}\n`;
}

/** The env file a WSGI shim loads: one JSON object. */
export function jsonEnvFile(env: Record<string, string>): string {
  const keys = checkKeys(env);
  return `${JSON.stringify(Object.fromEntries(keys.map((k) => [k, env[k] ?? ''])), null, 1)}\n`;
}

/** The env file the Rack and PHP shims load: `KEY=value` entries separated by NUL bytes (no parser needed). */
export function nulEnvFile(env: Record<string, string>): string {
  const keys = checkKeys(env);
  const bad = keys.find((k) => (env[k] ?? '').includes('\0'));
  if (bad !== undefined)
    throw new Hop3Error('E_INVALID_VALUE', `the value of ${bad} contains a NUL byte`);
  return keys.map((k) => `${k}=${env[k] ?? ''}\0`).join('');
}
