// Starts a private nginx master for tests: its own prefix, a free port, and hop3's own conf.d include
// (rendered from templates/setup, so unknown hosts get hop3's 404) serving `<home>/nginx/*.conf` like the system nginx.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { TEMPLATES_DIR } from '../../lib/install-root.js';
import { run } from '../../lib/proc/run.js';
import { nginxIncludeText } from '../../plugins/proxies/nginx/host.js';
import { createRenderer } from '../../lib/templates/render.js';
import { which } from '../../lib/proc/which.js';

/** A running private nginx. */
export interface NginxServer {
  /** The port it serves every site on (use it as settings.nginx.httpPort). */
  port: number;
  /** The argv that reloads it (use it as settings.nginx.reload). */
  reloadArgv: string[];
  /** The nginx binary (use it as settings.nginx.binary). */
  binary: string;
  /** `settings.nginx` for hop3 pointing at this server. */
  settings: {
    binary: string;
    reload: string[];
    sitesDir: string;
    httpPort: number;
    pidFile: string;
  };
  /** Its prefix directory (nginx.conf, error.log, access.log). */
  prefix: string;
  /**
   * Waits until only the newest workers accept connections. After a reload nginx lets the old workers
   * accept for about 100 ms more, so a request right after a switch may still see the old sites.
   */
  settled(timeoutMs?: number): Promise<void>;
  /** The end of its error log, for assertion messages. */
  errorLog(): string;
  /** Stops it (fast shutdown) and removes its prefix; safe to call twice. */
  stop(): Promise<void>;
}

/** An HTTP answer read whole. */
export interface HttpReply {
  status: number;
  body: string;
  headers: IncomingHttpHeaders;
}

/** GETs `path` from 127.0.0.1:`port` with a `Host` header, as a browser asking for `host` would. */
export function httpGet(port: number, host: string, path = '/'): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const options = {
      host: '127.0.0.1',
      port,
      path,
      headers: { Host: host },
      agent: false,
      timeout: 5000,
    };
    const req = request(options, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET http://${host}${path} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

/** Finds a TCP port that is free on this host right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function mainConfig(prefix: string, include: string): string {
  const q = (path: string): string => JSON.stringify(path);
  return [
    // Workers run as the test's user, so they can read the test's private (0700) temp directories.
    process.getuid?.() === 0 ? 'user root;' : '',
    'worker_processes 1;',
    `pid ${q(join(prefix, 'nginx.pid'))};`,
    `error_log ${q(join(prefix, 'error.log'))} warn;`,
    'events { worker_connections 256; }',
    'http {',
    '    include /etc/nginx/mime.types;',
    '    default_type application/octet-stream;',
    `    access_log ${q(join(prefix, 'access.log'))};`,
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
      (t) => `    ${t}_temp_path ${q(join(prefix, t))};`,
    ),
    `    include ${q(include)};`,
    '}',
    '',
  ].join('\n');
}

function readPid(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** True while `pid` runs (a zombie waiting for PID 1 to reap it counts as gone). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  return !/^\d+ \(.*\) Z/.test(stat);
}

/** Titles of the live children of `pid` ("nginx: worker process", "... is shutting down"). */
function childTitles(pid: number): string[] {
  const titles: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z' || Number(fields[1]) !== pid) continue;
      titles.push(readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0+$/, '').trim());
    } catch {
      // the process ended while we looked
    }
  }
  return titles;
}

/** Starts a private nginx master serving `<home>/nginx/*.conf`; throws loudly when nginx is missing or fails. */
export async function startNginx(home: string): Promise<NginxServer> {
  const binary = which('nginx');
  if (binary === undefined)
    throw new Error(
      'nginx is not installed: the integration tests need it (apt-get install nginx)',
    );
  mkdirSync(join(home, 'nginx'), { recursive: true });
  const prefix = mkdtempSync(join(tmpdir(), 'hop3-nginx-'));
  const port = await freePort();
  const conf = join(prefix, 'nginx.conf');
  const include = join(prefix, 'hop3-include.conf');
  writeFileSync(
    include,
    nginxIncludeText(createRenderer(TEMPLATES_DIR), join(home, 'nginx'), port),
  );
  writeFileSync(conf, mainConfig(prefix, include));
  const base = ['-e', join(prefix, 'error.log'), '-p', `${prefix}/`, '-c', conf];
  const pidFile = join(prefix, 'nginx.pid');
  const started = await run(binary, base, { reject: false, timeoutMs: 15_000 });
  const pid = readPid(pidFile);
  if (started.exitCode !== 0 || pid === undefined) {
    rmSync(prefix, { recursive: true, force: true });
    throw new Error(
      `private nginx did not start (exit ${started.exitCode}): ${started.all.trim()}`,
    );
  }
  // If the test process ends without stop(), a fast shutdown of the master also ends its workers.
  const killOnExit = (): void => {
    if (alive(pid)) process.kill(pid, 'SIGTERM');
  };
  process.once('exit', killOnExit);
  let stopped = false;
  return {
    port,
    binary,
    prefix,
    reloadArgv: [binary, ...base, '-s', 'reload'],
    settings: {
      binary,
      reload: [binary, ...base, '-s', 'reload'],
      sitesDir: join(home, 'nginx'),
      httpPort: port,
      pidFile,
    },
    async settled(timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (childTitles(pid).filter((t) => t === 'nginx: worker process').length > 1) {
        if (Date.now() > deadline)
          throw new Error(`nginx still has old workers after ${timeoutMs} ms`);
        await sleep(10);
      }
    },
    errorLog: () =>
      existsSync(join(prefix, 'error.log'))
        ? readFileSync(join(prefix, 'error.log'), 'utf8').slice(-4000)
        : '',
    async stop() {
      if (stopped) return;
      stopped = true;
      process.removeListener('exit', killOnExit);
      await run(binary, [...base, '-s', 'stop'], { reject: false, timeoutMs: 10_000 });
      for (let i = 0; i < 200 && alive(pid); i++) await sleep(25);
      if (alive(pid)) process.kill(pid, 'SIGKILL');
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}
