// git push over HTTP: our own node:http handler authenticates every request with a token, then hands it
// to node-git-server, which runs git with the same bare repository and the same pre-receive hook.
// A token limited to some apps gets 403 for any other app (push or fetch), before anything is created.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Git, type PushData } from 'node-git-server';
import { scopeOf } from '../access/resolve.js';
import { mayUseApp } from '../access/rules.js';
import type { CommandContext } from '../cli/context.js';
import { isHop3Error } from '../errors.js';
import { ensureRepo } from './repos.js';
import { repoArgToApp } from './ssh-command.js';

/** The repository and service a git HTTP request is for, or undefined when it is not a git request. */
export function parseGitRequest(url: string): { repo: string; service: 'receive-pack' | 'upload-pack' | undefined } | undefined {
  const { pathname, searchParams } = new URL(url, 'http://localhost');
  const m = /^\/([^/]+?)(?:\.git)?\/(info\/refs|git-receive-pack|git-upload-pack)$/.exec(pathname);
  if (!m?.[1]) return undefined;
  const what = m[2] === 'info/refs' ? searchParams.get('service') : m[2];
  const service = what === 'git-receive-pack' ? 'receive-pack' : what === 'git-upload-pack' ? 'upload-pack' : undefined;
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

/** Creates the HTTP git server (not yet listening). Every request must carry a valid token. */
export function createGitHttpServer(ctx: CommandContext): Server {
  const git = new Git((dir?: string) => (dir ? ctx.paths.repo(repoArgToApp(dir)) : ctx.paths.repos), { autoCreate: false });
  // The pre-receive hook records HOP3_PUSHER, which git inherits from this process's environment when
  // node-git-server spawns it on the next tick after accept(); nothing else runs in between, so
  // setting it here names the right token even with pushes in parallel.
  const pushers = new WeakMap<IncomingMessage, string>();
  git.on('push', (push: PushData) => {
    process.env.HOP3_PUSHER = pushers.get(push.req) ?? 'http';
    push.accept();
  });
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const token = basicPassword(req.headers.authorization);
    const who = token === undefined ? undefined : ctx.state().tokens.verify(token);
    if (who === undefined) {
      deny(res, 401, token === undefined ? 'authentication required: push with http://hop3:TOKEN@host/...' : 'invalid token');
      return;
    }
    const target = parseGitRequest(req.url ?? '/');
    if (!target) {
      deny(res, 404, 'not a git repository URL: use /<app>.git');
      return;
    }
    const app = repoArgToApp(target.repo);
    const scope = scopeOf(ctx.state(), { kind: 'token', name: who });
    if (!mayUseApp(scope, app)) {
      deny(res, 403, `token "${who}" may not push to or fetch app "${app}": an admin can grant access with: access:add ${app} ${who} --token`);
      return;
    }
    if (target.service === 'receive-pack') {
      ctx.state().apps.ensure(app);
      await ensureRepo(ctx.paths, ctx.settings(), app);
    } else if (!ctx.state().apps.find(app)) {
      deny(res, 404, `app "${app}" does not exist`);
      return;
    }
    req.url = (req.url ?? '/').replace(/^\/[^/]+?(\.git)?\//, `/${app}.git/`);
    pushers.set(req, pusherName(who));
    git.handle(req, res);
  };
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
export async function serveGitHttp(ctx: CommandContext, port: number): Promise<void> {
  const server = createGitHttpServer(ctx);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve());
  });
  ctx.stderr.write(`hop3 git-http: listening on port ${port}\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      server.close(() => resolve());
      server.closeAllConnections();
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}
