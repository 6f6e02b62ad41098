// Parses a hop3 git remote URL (`hop3@host:app`, `ssh://hop3@host:port/app`) into an ssh target and an app.
import { validateAppName } from '../../domain/names.js';
import { Hop3Error } from '../../errors.js';

/** Where a hop3 remote points: the ssh destination and the app on that server. */
export interface RemoteTarget {
  user: string | undefined;
  host: string;
  port: number | undefined;
  app: string;
}

const USER = /^[A-Za-z_][A-Za-z0-9_.-]{0,31}$/;
// A host name, IPv4 address or ssh config alias; never starts with "-" (it would read as an ssh option).
const HOST = /^[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,252})$/;
const IPV6 = /^[0-9A-Fa-f:.]{2,45}$/;
const SCP_LIKE = /^(?:([^@/:]+)@)?([^@/:[\]]+|\[[^\]]+\]):\/?([^/]+?)(?:\.git)?\/?$/;
const SSH_URL =
  /^ssh:\/\/(?:([^@/]+)@)?([^/:[\]]+|\[[^\]]+\])(?::(\d{1,5}))?\/+([^/]+?)(?:\.git)?\/?$/;

function invalid(url: string, why: string): Hop3Error {
  return new Hop3Error('E_REMOTE_URL', `git remote URL ${JSON.stringify(url)} ${why}`, {
    hint: 'a hop3 remote looks like hop3@HOST:APP or ssh://hop3@HOST:PORT/APP (hop3 git:remote APP HOST sets one)',
  });
}

function checkHost(url: string, raw: string): string {
  const bracketed = /^\[(.*)\]$/.exec(raw);
  if (bracketed) {
    if (!IPV6.test(bracketed[1] ?? '')) throw invalid(url, 'has an invalid IPv6 address');
    return bracketed[1] ?? '';
  }
  if (!HOST.test(raw)) throw invalid(url, 'has an invalid host name');
  return raw;
}

/** Parses and validates a remote URL; throws E_REMOTE_URL for anything that is not an ssh remote of one app. */
export function parseRemoteUrl(url: string): RemoteTarget {
  const ssh = SSH_URL.exec(url);
  const scp = ssh
    ? undefined
    : /^[a-z][a-z0-9+.-]*:\/\//i.test(url)
      ? undefined
      : SCP_LIKE.exec(url);
  const m = ssh ?? scp;
  if (!m)
    throw invalid(
      url,
      /^https?:\/\//i.test(url)
        ? 'is an HTTP remote: the client needs an ssh remote'
        : 'is not an ssh remote of one app',
    );
  const [, user, rawHost = '', portText, rawApp = ''] = ssh
    ? m
    : [m[0], m[1], m[2], undefined, m[3]];
  if (user !== undefined && !USER.test(user)) throw invalid(url, 'has an invalid user name');
  const host = checkHost(url, rawHost);
  const port = portText === undefined ? undefined : Number(portText);
  if (port !== undefined && (port < 1 || port > 65535)) throw invalid(url, 'has an invalid port');
  let app: string;
  try {
    app = validateAppName(rawApp);
  } catch {
    throw invalid(url, `names an invalid app ${JSON.stringify(rawApp)}`);
  }
  return { user, host, port, app };
}

/** The URL `hop3 git:remote` writes for an app on a host (`HOST` or `USER@HOST`; user hop3 by default). */
export function formatRemoteUrl(host: string, app: string): string {
  const at = host.lastIndexOf('@');
  const user = at >= 0 ? host.slice(0, at) : 'hop3';
  const name = at >= 0 ? host.slice(at + 1) : host;
  const url = `${user}@${name.includes(':') && !name.startsWith('[') ? `[${name}]` : name}:${app}`;
  parseRemoteUrl(url);
  return url;
}
