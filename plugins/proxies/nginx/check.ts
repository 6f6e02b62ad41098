// Validation with `nginx -t` on a private configuration, so nothing reaches the running nginx unchecked.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Hop3Error, type PluginDeps } from '../../../lib/sdk.js';
import { GLOBAL_FILE, siteFiles } from './files.js';
import { nginxSettings } from './settings.js';

/** The template of the private test configuration. */
export const CHECK_TEMPLATE = 'proxies/nginx/check.conf.njk';

/** What to test: the installed sites, optionally with one app's new site in place of its current file. */
export interface CheckRequest {
  candidate?: { app: string; content: string };
}

const ERROR_LINE = /\[(emerg|alert|crit|error)\] (?:\d+#\d+: )?(.*)$/;
const LISTEN_PORT = /^(\s*listen\s+(?:\S*:)?)(\d+)(?=[\s;])/gm;

/** nginx's own error lines from its output ("duplicate upstream ... in file:line"), else its last line. */
export function nginxErrorLines(output: string): string {
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  const errors = lines
    .map((l) => ERROR_LINE.exec(l)?.[2])
    .filter((l): l is string => l !== undefined);
  return (errors.length > 0 ? errors : lines.slice(-1)).join('; ');
}

/**
 * Moves `listen` ports below 1024 up by 10000. `nginx -t` binds every listen address and the hop3 user
 * may not bind privileged ports (EACCES fails the test), while a port already in use is tolerated.
 */
export function unprivilegedListens(text: string): string {
  return text.replace(LISTEN_PORT, (line, head: string, port: string) =>
    Number(port) < 1024 ? `${head}${Number(port) + 10000}` : line,
  );
}

/**
 * The directory of the private test configuration: `$HOP3_HOME/nginx-test` for the hop3 user; for root a
 * fresh private directory in /tmp (root never writes into a directory a lower user can rename entries in).
 */
export function checkPrefix(deps: Pick<PluginDeps, 'paths'>): string {
  if (process.getuid?.() === 0) return mkdtempSync(join(tmpdir(), 'hop3-nginx-test-'));
  const prefix = join(deps.paths.home, 'nginx-test');
  mkdirSync(prefix, { recursive: true });
  return prefix;
}

/** Runs `nginx -t` over `_hop3.conf`, every other site and the candidate; throws E_PROXY_REJECTED with nginx's words. */
export async function checkConfig(
  deps: Pick<PluginDeps, 'paths' | 'settings' | 'render' | 'run' | 'which'>,
  request: CheckRequest = {},
): Promise<void> {
  const binary = nginxSettings(deps.settings).binary;
  if (deps.which(binary) === undefined) {
    throw new Hop3Error('E_BINARY_MISSING', `nginx is not installed (${binary} not found)`, {
      hint: 'apt-get install nginx',
    });
  }
  const dir = nginxSettings(deps.settings).sitesDir;
  const prefix = checkPrefix(deps);
  const work = mkdtempSync(join(prefix, 'check-'));
  try {
    const sites = siteFiles(dir, request.candidate?.app).map((file) => ({
      name: basename(file),
      text: readFileSync(file, 'utf8'),
    }));
    if (request.candidate)
      sites.push({ name: `${request.candidate.app}.conf`, text: request.candidate.content });
    for (const site of sites) writeFileSync(join(work, site.name), unprivilegedListens(site.text));
    const includes = [join(dir, GLOBAL_FILE), ...sites.map((s) => join(work, s.name))];
    const conf = join(work, '_check.conf');
    writeFileSync(conf, deps.render(CHECK_TEMPLATE, { prefix, includes }));
    const result = await deps.run(
      binary,
      ['-t', '-q', '-e', 'stderr', '-p', `${prefix}/`, '-c', conf],
      { reject: false, timeoutMs: 30_000 },
    );
    if (result.exitCode === 0) return;
    const why = sites.reduce(
      (text, s) => text.split(join(work, s.name)).join(join(dir, s.name)),
      nginxErrorLines(result.all),
    );
    const subject = request.candidate
      ? `the new site of "${request.candidate.app}"`
      : `the sites in ${dir}`;
    throw new Hop3Error('E_PROXY_REJECTED', `nginx rejected ${subject}: ${why}`, {
      details: result.all.trim(),
      hint: request.candidate
        ? 'the previous configuration keeps serving; the file and line above name what nginx refused'
        : undefined,
    });
  } finally {
    rmSync(process.getuid?.() === 0 ? prefix : work, { recursive: true, force: true });
  }
}
