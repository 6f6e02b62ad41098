// Health check: every new web instance must answer HTTP in time, and no new process may crash meanwhile.
import { request } from 'node:http';
import { Hop3Error } from '../errors.js';
import { lastLinesOf } from '../logs/tail.js';
import type { Deployer, DeploymentInfo, HealthCheck, InstanceStatus } from '../sdk.js';

/** How one probe of one upstream went. */
type Probe = { ok: true } | { ok: false; why: string };

/** One HTTP request to an upstream ("127.0.0.1:port"). */
export function probe(upstream: string, check: HealthCheck, timeoutMs = 2000): Promise<Probe> {
  const [host = '127.0.0.1', port = '0'] = upstream.split(':');
  return new Promise((resolve) => {
    const req = request(
      {
        host,
        port: Number(port),
        path: check.path ?? '/',
        method: 'GET',
        timeout: timeoutMs,
        headers: { 'user-agent': 'hop3-healthcheck' },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (body.length < 1_000_000) body += chunk;
        });
        res.on('end', () => {
          if (check.path !== undefined && (status < 200 || status >= 400))
            resolve({ ok: false, why: `${check.path} answered HTTP ${status}` });
          else if (check.contains !== undefined && !body.includes(check.contains)) {
            resolve({
              ok: false,
              why: `${check.path ?? '/'} did not contain ${JSON.stringify(check.contains)}`,
            });
          } else resolve({ ok: true });
        });
        res.on('error', () => resolve({ ok: false, why: 'the connection broke' }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({
        ok: false,
        why: error.code === 'ECONNREFUSED' ? `nothing listens on port ${port}` : error.message,
      }),
    );
    req.end();
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function crashError(crashed: InstanceStatus): Hop3Error {
  let tail: string;
  try {
    tail = lastLinesOf(crashed.logFile, 15).join('\n');
  } catch {
    tail = '';
  }
  return new Hop3Error(
    'E_START_FAILED',
    `${crashed.process}.${crashed.index} exited during startup`,
    {
      details: tail ? `last lines of its log:\n${tail}` : undefined,
      hint: 'check that the command starts locally; web processes must listen on $PORT at 127.0.0.1',
    },
  );
}

/** Waits until every web instance of `info` is healthy; throws E_START_FAILED when one crashes or times out. */
export async function waitHealthy(
  app: string,
  deployer: Deployer,
  info: DeploymentInfo,
  check: HealthCheck,
): Promise<void> {
  const deadline = Date.now() + check.timeoutSec * 1000;
  const pending = new Map(info.upstreams.map((u) => [u, 'not probed yet']));
  const passes = new Map(info.upstreams.map((u) => [u, 0]));
  const wanted = check.attempts ?? 1;
  const observeUntil =
    Date.now() + (info.upstreams.length === 0 && info.instances.length > 0 ? 700 : 0);
  for (;;) {
    const statuses = (await deployer.status(app)).filter((s) => s.generation === info.generation);
    const crashed = statuses.find((s) => s.state === 'crashed' || s.restarts > 0);
    if (crashed) throw crashError(crashed);
    for (const upstream of [...pending.keys()]) {
      const result = await probe(upstream, check);
      const passed = result.ok ? (passes.get(upstream) ?? 0) + 1 : 0;
      passes.set(upstream, passed);
      if (passed >= wanted) pending.delete(upstream);
      else pending.set(upstream, result.ok ? `passed ${passed} of ${wanted} checks` : result.why);
    }
    if (pending.size === 0 && Date.now() >= observeUntil) return;
    if (Date.now() > deadline) {
      const [upstream, why] = [...pending.entries()][0] ?? ['', ''];
      const instance = info.instances.find(
        (i) => i.port !== undefined && upstream.endsWith(`:${i.port}`),
      );
      throw new Hop3Error(
        'E_START_FAILED',
        `${instance ? `${instance.process}.${instance.index}` : upstream} was not healthy within ${check.timeoutSec} s: ${why}`,
        {
          hint: 'the web process must listen on $PORT at 127.0.0.1; raise [healthcheck] timeout in hop3.toml if it starts slowly',
        },
      );
    }
    await sleep(pending.size === 0 ? 100 : 50);
  }
}
