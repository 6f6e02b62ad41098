// Turns a ProxySite into the values the nginx templates print, refusing anything that could alter the config's syntax.
import {
  Hop3Error,
  type ProxySite,
  type RenderTemplate,
  type StaticPath,
} from '../../../lib/sdk.js';

/** The template of one app's site file. */
export const SITE_TEMPLATE = 'proxies/nginx/site.conf.njk';

/** The template of the global file (`_hop3.conf`) every site relies on. */
export const GLOBAL_TEMPLATE = 'proxies/nginx/global.conf.njk';

/** What site.conf.njk prints: every value already checked. */
export interface SiteContext {
  app: string;
  upstreamName: string;
  upstreams: string[];
  port: number;
  serverNames: string;
  revision: string;
  /** Directory served at "/" (files first, then the app when there is one). */
  rootDir: string | undefined;
  /** No symlink is followed below this directory (`disable_symlinks ... from=`). */
  rootWithin: string | undefined;
  /** Other static prefixes, served with `alias`. */
  aliases: { location: string; dir: string; within: string }[];
  /** URL paths of files never served from disk (hop3's own files, the app's config). */
  hidden: string[];
}

const APP = /^[a-z][a-z0-9-]{0,62}$/;
const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const UPSTREAM = /^(127(\.\d{1,3}){3}|\[::1\]):(\d{1,5})$/;
const SOCKET = /^unix:\/[A-Za-z0-9._/-]+$/;
const REVISION = /^[A-Za-z0-9._-]{1,100}$/;
const URL_PATH = /^(\/[A-Za-z0-9._~-]+)+\/?$/;
const SAFE_DIR = /^\/[A-Za-z0-9._@+=,/ -]*$/;
const FILE_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,100}$/;

function invalid(what: string, value: string, hint: string): Hop3Error {
  return new Hop3Error('E_INVALID_VALUE', `nginx: invalid ${what} ${JSON.stringify(value)}`, {
    hint,
  });
}

function checkHost(host: string): string {
  const ok = host.length <= 253 && host.split('.').every((label) => LABEL.test(label));
  if (!ok)
    throw invalid(
      'host name',
      host,
      'host names must be lowercase RFC 1123 names like "www.example.com"',
    );
  return host;
}

function checkUpstream(address: string): string {
  if (SOCKET.test(address) && !address.split('/').includes('..')) return address;
  const port = Number(UPSTREAM.exec(address)?.[3] ?? 0);
  if (port < 1 || port > 65535)
    throw invalid('upstream', address, 'upstreams are "127.0.0.1:<port>" or "unix:<socket>"');
  return address;
}

function checkDir(dir: string): string {
  if (!SAFE_DIR.test(dir) || dir.split('/').includes('..')) {
    throw invalid(
      'static directory',
      dir,
      'static directories may use letters, digits, spaces and . _ @ + = , - only',
    );
  }
  return dir.length > 1 ? dir.replace(/\/+$/, '') : dir;
}

function checkFileName(name: string): string {
  if (!FILE_NAME.test(name))
    throw invalid('hidden file name', name, 'hidden files are plain names like "Procfile"');
  return name;
}

function checkStatic(entry: StaticPath): Required<StaticPath> {
  const url = entry.url === '/' ? '/' : entry.url.replace(/\/+$/, '');
  if (url !== '/' && (!URL_PATH.test(url) || url.split('/').some((s) => s === '.' || s === '..'))) {
    throw invalid('static URL path', entry.url, 'static paths look like "/" or "/assets"');
  }
  const dir = checkDir(entry.dir);
  const within = entry.within === undefined ? dir : checkDir(entry.within);
  return { url, dir, within, hidden: (entry.hidden ?? []).map(checkFileName) };
}

/** Returns `app` when it is a valid app name (it becomes a file name and an upstream name), else throws. */
export function checkAppName(app: string): string {
  if (!APP.test(app)) throw invalid('app name', app, 'app names match ^[a-z][a-z0-9-]*$');
  return app;
}

/** Validates a site and computes the template context (the only way values reach the site template). */
export function siteContext(site: ProxySite, port: number): SiteContext {
  checkAppName(site.app);
  if (!REVISION.test(site.revision))
    throw invalid('revision', site.revision, 'revisions use letters, digits, ".", "_", "-"');
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw invalid('port', String(port), 'set nginx.httpPort in settings.json');
  if (site.hosts.length === 0)
    throw invalid('host list', '', 'a site needs at least one host name');
  const statics = site.static.map(checkStatic);
  return {
    app: site.app,
    upstreamName: `hop3-${site.app}`,
    upstreams: site.upstreams.map(checkUpstream),
    port,
    serverNames: [...new Set(site.hosts.map(checkHost))].join(' '),
    revision: site.revision,
    rootDir: statics.find((s) => s.url === '/')?.dir,
    rootWithin: statics.find((s) => s.url === '/')?.within,
    aliases: statics
      .filter((s) => s.url !== '/')
      .map((s) => ({ location: `${s.url}/`, dir: `${s.dir}/`, within: s.within })),
    hidden: [
      ...new Set(
        statics.flatMap((s) => s.hidden.map((name) => `${s.url === '/' ? '' : s.url}/${name}`)),
      ),
    ],
  };
}

/** Renders the site file of one app. */
export function renderSite(render: RenderTemplate, site: ProxySite, port: number): string {
  return render(SITE_TEMPLATE, { site: siteContext(site, port) });
}

/** Renders `_hop3.conf`, the definitions shared by every site (the websocket Connection map). */
export function renderGlobal(render: RenderTemplate): string {
  return render(GLOBAL_TEMPLATE, {});
}
