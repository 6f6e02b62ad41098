// The request the privileged step (`hop3 priv:proxy-install`) accepts: a site as the hop3 user describes it,
// parsed by a schema and checked against the disk before root renders anything from it.
import { realpathSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { z } from 'zod';
import {
  Hop3Error,
  RELEASE_ROOT_FILES,
  type ProxySite,
  type StaticPath,
} from '../../../lib/sdk.js';

const APP = /^[a-z][a-z0-9-]{0,62}$/;
const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const LOOPBACK = /^(?:127(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}|\[::1\]):(\d{1,5})$/;
const SOCKET = /^unix:(\/[A-Za-z0-9._/-]+)$/;
const REVISION = /^[A-Za-z0-9._-]{1,100}$/;
const URL_PATH = /^\/([A-Za-z0-9._~-]+\/?)*$/;
const PLAIN_DIR = /^\/[A-Za-z0-9._@+=,/ -]*$/;
const FILE_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,100}$/;

const isHost = (host: string): boolean =>
  host.length <= 253 && host.split('.').every((l) => LABEL.test(l));
const isUpstream = (address: string): boolean => {
  const port = LOOPBACK.exec(address)?.[1];
  if (port !== undefined) return Number(port) >= 1 && Number(port) <= 65535;
  return SOCKET.test(address) && !address.split('/').includes('..');
};

/** The shape of a proxy request: no other key, no value that could carry an nginx directive. */
export const proxyRequestSchema = z.strictObject({
  app: z.string().regex(APP, 'app names match ^[a-z][a-z0-9-]*$'),
  hosts: z
    .array(z.string().refine(isHost, 'host names are lowercase RFC 1123 names'))
    .min(1)
    .max(100),
  upstreams: z
    .array(
      z
        .string()
        .refine(isUpstream, 'upstreams are 127.0.0.1:<port>, [::1]:<port> or unix:<socket>'),
    )
    .max(1000),
  static: z
    .array(
      z.strictObject({
        url: z.string().regex(URL_PATH, 'static URL paths look like "/" or "/assets"'),
        dir: z.string().regex(PLAIN_DIR, 'static directories are plain absolute paths'),
        /** Root sets it to the release it finds `dir` in, whatever the request says. */
        within: z
          .string()
          .regex(PLAIN_DIR, 'static directories are plain absolute paths')
          .optional(),
        hidden: z
          .array(z.string().regex(FILE_NAME, 'hidden files are plain names'))
          .max(100)
          .optional(),
      }),
    )
    .max(100),
  revision: z.string().regex(REVISION, 'revisions use letters, digits, ".", "_", "-"'),
});

function refused(app: string, why: string): Hop3Error {
  return new Hop3Error('E_PROXY_REJECTED', `proxy request for "${app}" refused: ${why}`, {
    hint: 'hop3 generates these requests itself; this one was not made by hop3',
  });
}

/** `dir` when it exists and no part of it is a symbolic link (its real path is itself). */
function realDir(app: string, dir: string): string {
  let real: string;
  try {
    real = realpathSync(dir);
  } catch {
    throw refused(app, `${dir} does not exist`);
  }
  if (real !== dir) throw refused(app, `${dir} is not a real directory (it resolves to ${real})`);
  return dir;
}

/** Checks a static directory: a real directory inside one real release directory of the app; returns that release. */
function checkStaticDir(home: string, app: string, dir: string): string {
  const releases = join(home, 'apps', app, 'releases');
  const normal = dir.length > 1 ? dir.replace(/\/+$/, '') : dir;
  const inside = relative(releases, normal);
  const [release] = inside.split(sep);
  if (inside === '' || inside.startsWith('..') || release === undefined || !/^\d+$/.test(release)) {
    throw refused(
      app,
      `static directory ${dir} is not inside a release of the app (${releases}/<id>)`,
    );
  }
  realDir(app, normal);
  return realDir(app, join(releases, release));
}

/**
 * The entry root renders: no symlink followed below the release it verified, and hop3's own files and the app's
 * config hidden (on top of what the request hides) when the release root itself is served.
 */
function staticEntry(
  home: string,
  app: string,
  entry: { url: string; dir: string; hidden?: string[] | undefined },
): StaticPath {
  const within = checkStaticDir(home, app, entry.dir);
  const isRoot = (entry.dir.length > 1 ? entry.dir.replace(/\/+$/, '') : entry.dir) === within;
  const hidden = [...new Set([...(entry.hidden ?? []), ...(isRoot ? RELEASE_ROOT_FILES : [])])];
  return { url: entry.url, dir: entry.dir, within, hidden };
}

/** Parses `raw` as a request for `app` under `home`, and checks every path it names on disk. */
export function parseProxyRequest(raw: unknown, home: string, app: string): ProxySite {
  const parsed = proxyRequestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw refused(app, `${issue?.path.join('.') || 'request'}: ${issue?.message ?? 'invalid'}`);
  }
  const site = parsed.data;
  if (site.app !== app) throw refused(app, `it names another app ("${site.app}")`);
  const appDir = join(home, 'apps', app);
  for (const upstream of site.upstreams) {
    const socket = SOCKET.exec(upstream)?.[1];
    if (socket !== undefined && !socket.startsWith(`${appDir}/`)) {
      throw refused(app, `upstream ${upstream} is not a socket under ${appDir}/`);
    }
  }
  return { ...site, static: site.static.map((entry) => staticEntry(home, app, entry)) };
}
