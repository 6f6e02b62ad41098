// Parses a Procfile into typed process definitions; any invalid line rejects the whole file.
import { Hop3Error } from '../errors.js';
import { isProcessName } from './names.js';

/**
 * How a process is run: `web` (a command), `wsgi` (a Python callable), `rwsgi` (a Rack app) and `php`
 * (a document root) serve HTTP on $PORT; `worker` runs a command; `cron` runs one on a schedule (a `cron*` line
 * that starts with five schedule fields; one that starts with a command is a `worker`-kind process).
 */
export type ProcessKind = 'web' | 'wsgi' | 'rwsgi' | 'php' | 'worker' | 'cron';

/** The kinds that serve HTTP on $PORT (a Procfile has at most one process of these). */
export const SERVING_KINDS: readonly ProcessKind[] = ['web', 'wsgi', 'rwsgi', 'php'];

/** True when processes of this kind serve HTTP on $PORT. */
export function servesHttp(kind: ProcessKind): boolean {
  return SERVING_KINDS.includes(kind);
}

/** True for a process type named like a worker ("worker", "worker-mail", "workers"): it starts with one instance. */
export function isWorkerName(name: string): boolean {
  return name.startsWith('worker');
}

/**
 * Instances a process type runs when neither `ps:scale` nor the repository sets a count (Heroku's rule): one for
 * the process serving HTTP, a cron entry and worker-named types; none for the others (`console`, one-off tasks).
 */
export function defaultInstances(p: { name: string; kind: ProcessKind }): number {
  return p.kind === 'cron' || servesHttp(p.kind) || isWorkerName(p.name) ? 1 : 0;
}

/** One long-running (or scheduled) process type. */
export interface ProcessDef {
  name: string;
  kind: ProcessKind;
  /** Shell command; `module:callable` for wsgi; the rackup file for rwsgi; the document root for php. */
  command: string;
  /** Five cron fields, for kind `cron`. */
  schedule?: string;
}

/** A parsed Procfile. */
export interface Procfile {
  processes: ProcessDef[];
  /** Directory (relative to the app) that the proxy serves at "/". */
  static?: string;
  /** Runs once per deploy after the build, before the switch. */
  release?: string;
  prebuild?: string;
  postbuild?: string;
}

const HOOKS = ['release', 'prebuild', 'postbuild'] as const;
const WSGI_TARGET = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*(:[A-Za-z_]\w*)?$/;
// rwsgi and php values name files that end up in uWSGI options: plain relative paths only.
const SAFE_PATH = /^[A-Za-z0-9_][A-Za-z0-9_./-]*$/;
const CRON_FIELD = /^(\*|\*\/\d{1,2}|\d{1,2}(-\d{1,2})?(,\d{1,2}(-\d{1,2})?)*)$/;

function fail(line: number, text: string, why: string, hint?: string): Hop3Error {
  return new Hop3Error('E_PROCFILE', `Procfile line ${line}: ${why}: ${JSON.stringify(text)}`, {
    hint: hint ?? 'each line must read "<type>: <command>", e.g. "web: node server.js"',
  });
}

/** True when `dir` is a relative path that stays inside the app (no "..", not absolute). */
export function isInsidePath(dir: string): boolean {
  return dir.length > 0 && !dir.startsWith('/') && !dir.split('/').includes('..');
}

function parseCron(
  value: string,
  line: number,
  text: string,
): { schedule: string; command: string } {
  const parts = value.split(/\s+/);
  const fields = parts.slice(0, 5);
  const command = parts.slice(5).join(' ');
  if (fields.length < 5 || command.length === 0 || !fields.every((f) => CRON_FIELD.test(f))) {
    throw fail(
      line,
      text,
      'a cron entry needs five schedule fields and a command',
      'e.g. "cron: */5 * * * * python cleanup.py"',
    );
  }
  return { schedule: fields.join(' '), command };
}

/** A path value of an rwsgi or php line, normalised ("public/" -> "public"); throws E_PROCFILE when unsafe. */
function appPath(value: string, line: number, text: string, what: string, example: string): string {
  const clean = value.replace(/\/+$/, '') || '.';
  if (clean !== '.' && (!isInsidePath(clean) || !SAFE_PATH.test(clean))) {
    throw fail(
      line,
      text,
      `${what} must be a relative path inside the app (letters, digits, "_", ".", "-", "/")`,
      example,
    );
  }
  return clean;
}

/** The process a `wsgi:`, `rwsgi:` or `php:` line defines. */
function serverProcess(
  name: 'wsgi' | 'rwsgi' | 'php',
  value: string,
  line: number,
  text: string,
): ProcessDef {
  if (name === 'wsgi') {
    if (!WSGI_TARGET.test(value))
      throw fail(
        line,
        text,
        'wsgi needs a Python "module:callable"',
        'e.g. "wsgi: app:application"',
      );
    return { name, kind: name, command: value };
  }
  if (name === 'rwsgi') {
    const file = appPath(
      value,
      line,
      text,
      "rwsgi needs the Rack app's rackup file, which",
      'e.g. "rwsgi: config.ru"',
    );
    if (!file.endsWith('.ru'))
      throw fail(
        line,
        text,
        'rwsgi needs a rackup file ending in ".ru"',
        'e.g. "rwsgi: config.ru"',
      );
    return { name, kind: name, command: file };
  }
  return {
    name,
    kind: name,
    command: appPath(
      value,
      line,
      text,
      'php needs the document root, which',
      'e.g. "php: public" or "php: ."',
    ),
  };
}

/** Parses Procfile text. Throws E_PROCFILE naming the first invalid line. */
export function parseProcfile(text: string): Procfile {
  const result: Procfile = { processes: [] };
  const seen = new Set<string>();
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const text = raw.trim();
    if (text.length === 0 || text.startsWith('#')) return;
    const colon = text.indexOf(':');
    if (colon < 0) throw fail(lineNo, text, 'missing ":" between the process type and its command');
    const name = text.slice(0, colon).trim();
    const value = text.slice(colon + 1).trim();
    if (!isProcessName(name)) {
      throw fail(
        lineNo,
        text,
        `invalid process type ${JSON.stringify(name)}`,
        'process types use lowercase letters, digits, "-" and "_" (e.g. "web", "worker")',
      );
    }
    if (value.length === 0) throw fail(lineNo, text, `process type "${name}" has no command`);
    if (seen.has(name))
      throw fail(
        lineNo,
        text,
        `process type "${name}" is defined twice`,
        'keep one line per process type',
      );
    seen.add(name);
    if ((HOOKS as readonly string[]).includes(name)) {
      result[name as (typeof HOOKS)[number]] = value;
    } else if (name === 'static') {
      if (!isInsidePath(value))
        throw fail(lineNo, text, 'the static directory must be a relative path inside the app');
      result.static = value.replace(/\/+$/, '') || '.';
    } else if (name === 'wsgi' || name === 'rwsgi' || name === 'php') {
      result.processes.push(serverProcess(name, value, lineNo, text));
    } else if (name.startsWith('cron') && CRON_FIELD.test(value.split(/\s+/)[0] ?? '')) {
      // A schedule first ("cron: */5 * * * * cmd"); a plain command ("cron: python clock.py") is a process.
      result.processes.push({ name, kind: 'cron', ...parseCron(value, lineNo, text) });
    } else {
      result.processes.push({ name, kind: name === 'web' ? 'web' : 'worker', command: value });
    }
  });
  const serving = result.processes.filter((p) => servesHttp(p.kind)).map((p) => `"${p.name}"`);
  if (serving.length > 1) {
    throw new Hop3Error(
      'E_PROCFILE',
      `Procfile defines ${serving.join(' and ')}: only one process can serve HTTP`,
      {
        hint: `keep one of the ${serving.join(', ')} lines`,
      },
    );
  }
  return result;
}
