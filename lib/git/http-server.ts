// git push over HTTP: our own node:http handler authenticates every request with a token. The push itself
// (POST git-receive-pack) runs git through hop3's size limit (http-receive.ts), with the token's name as
// the pusher; node-git-server serves the rest (info/refs, fetches). Same bare repository, same hook.
// A token limited to some apps gets 403 for any other app (push or fetch), before anything is created.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Git } from 'node-git-server';
import { scopeOf } from '../access/resolve.js';
import { mayUseApp } from '../access/rules.js';
import { isHop3Error } from '../errors.js';
import type { LineSink } from '../output/reporter.js';
import type { Paths } from '../paths.js';
import { loadSettings, type Settings } from '../settings.js';
import type { State } from '../state/index.js';
import { serveReceivePack } from './http-receive.js';
import { ensureRepo, removeUnusedRepo } from './repos.js';
import { repoArgToApp } from './ssh-command.js';

/** The repository and service a git HTTP request is for, or undefined when it is not a git request. */
export function parseGitRequest(
  url: string,
): { repo: string; service: 'receive-pack' | 'upload-pack' | undefined } | undefined {
  const { pathname, searchParams } = new URL(url, 'http://localhost');
  const m = /^\/([^/]+?)(?:\.git)?\/(info\/refs|git-receive-pack|git-upload-pack)$/.exec(pathname);
  if (!m?.[1]) return undefined;
  const what = m[2] === 'info/refs' ? searchParams.get('service') : m[2];
  const service =
    what === 'git-receive-pack'
      ? 'receive-pack'
      : what === 'git-upload-pack'
        ? 'upload-pack'
        : undefined;
  return { repo: m[1], service };
}

/** The password of a Basic Authorization header, if any. */
export function basicPassword(header: string | undefined): string | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header ?? '');
  if (!m?.[1]) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}

function deny(res: ServerResponse, status: number, message: string): void {
  res.statusCode = status;
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  if (status === 401) res.setHeader('www-authenticate', 'Basic realm="hop3"');
  res.end(`${message}\n`);
}

/** What the HTTP git server uses. */
export interface GitHttpDeps {
  paths: Paths;
  settings(): Settings;
  state(): State;
}

/** Creates the HTTP git server (not yet listening). Every request must carry a valid token. */
export function createGitHttpServer(deps: GitHttpDeps): Server {
  const git = new Git(
    (dir?: string) => (dir ? deps.paths.repo(repoArgToApp(dir)) : deps.paths.repos),
    { autoCreate: false },
  );
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const token = basicPassword(req.headers.authorization);
    const who = token === undefined ? undefined : deps.state().tokens.verify(token);
    if (who === undefined) {
      deny(
        res,
        401,
        token === undefined
          ? 'authentication required: push with http://hop3:TOKEN@host/...'
          : 'invalid token',
      );
      return;
    }
    const target = parseGitRequest(req.url ?? '/');
    if (!target) {
      deny(res, 404, 'not a git repository URL: use /<app>.git');
      return;
    }
    const app = repoArgToApp(target.repo);
    const scope = scopeOf(deps.state(), { kind: 'token', name: who });
    if (!mayUseApp(scope, app)) {
      deny(
        res,
        403,
        `token "${who}" may not push to or fetch app "${app}": an admin can grant access with: access:add ${app} ${who} --token`,
      );
      return;
    }
    if (target.service !== 'receive-pack') {
      if (!deps.state().apps.find(app)) {
        deny(res, 404, `app "${app}" does not exist`);
        return;
      }
      req.url = (req.url ?? '/').replace(/^\/[^/]+?(\.git)?\//, `/${app}.git/`);
      git.handle(req, res);
      return;
    }
    await ensureRepo(deps.paths, deps.settings(), app);
    sessions.set(app, (sessions.get(app) ?? 0) + 1);
    res.once('close', () => endSession(app));
    if (
      req.method === 'POST' &&
      /\/git-receive-pack$/.test(new URL(req.url ?? '/', 'http://localhost').pathname)
    ) {
      // Read per push, so a changed limit applies without restarting the server.
      const limitMb = loadSettings(deps.paths.settings).git.maxPushMb;
      await serveReceivePack(req, res, {
        repo: deps.paths.repo(app),
        env: { ...gitEnv, HOP3_PUSHER: pusherName(who) },
        limitMb,
      });
      return;
    }
    req.url = (req.url ?? '/').replace(/^\/[^/]+?(\.git)?\//, `/${app}.git/`);
    git.handle(req, res);
  };
  // The pre-receive hook creates the app when a push updates its deploy branch; a repository made for
  // requests that pushed nothing is removed once no request for it is left.
  const sessions = new Map<string, number>();
  const endSession = (app: string): void => {
    const left = (sessions.get(app) ?? 1) - 1;
    if (left > 0) {
      sessions.set(app, left);
      return;
    }
    sessions.delete(app);
    try {
      if (!deps.state().apps.find(app)) removeUnusedRepo(deps.paths, app);
    } catch {
      // an empty repository left behind is harmless: the next push reuses it
    }
  };
  const gitEnv = { HOME: deps.paths.home, HOP3_HOME: deps.paths.home, LANG: 'C.UTF-8' };
  return createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (isHop3Error(error) && error.code === 'E_INVALID_NAME') deny(res, 400, error.message);
      else deny(res, 500, 'internal error');
    });
  });
}

/** How a release records a push made with this token: `token:NAME`. */
export function pusherName(token: string): string {
  return `token:${token}`;
}

/** Serves until the process is stopped. */
export async function serveGitHttp(
  deps: GitHttpDeps & { stderr: LineSink },
  port: number,
): Promise<void> {
  const server = createGitHttpServer(deps);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve());
  });
  deps.stderr.write(`hop3 git-http: listening on port ${port}\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      server.close(() => resolve());
      server.closeAllConnections();
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}
