// Benchmark: HTTP load through nginx (127.0.0.1 only) against the Node sample app while it is redeployed,
// restarted, reconfigured and rolled back; then the same load across stop-then-start restarts for
// comparison. Prints requests, non-2xx answers, connection errors and latency; asserts nothing.
import { Agent, request } from 'node:http';
import { appName, destroy, HOST, hostOf, ssh, workingCopy } from '../../test/e2e/helpers.js';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 4);
/**
 * Reuse connections (like browsers do). Off by default, every request then opens its own connection: a
 * request sent on a kept-alive connection just as nginx closes it (a reloaded worker closes its idle
 * connections) fails in Node with "socket hang up", where browsers retry it; that measures HTTP keep-alive,
 * not whether the app answered.
 */
const KEEPALIVE = process.env.BENCH_KEEPALIVE === '1';
const MAX_SECONDS = Number(process.env.BENCH_MAX_SECONDS ?? 600);

interface Tally {
  sent: number;
  ok: number;
  non2xx: number;
  /** 2xx answers that did not come from the app (e.g. nginx's default site while the app is stopped). */
  wrong: number;
  errors: number;
  latencies: number[];
  samples: string[];
}

const newTally = (): Tally => ({
  sent: 0,
  ok: 0,
  non2xx: 0,
  wrong: 0,
  errors: 0,
  latencies: [],
  samples: [],
});

function once(
  agent: Agent | false,
  host: string,
): Promise<{ status: number; body: string; ms: number } | { error: string; ms: number }> {
  const started = performance.now();
  return new Promise((done) => {
    const req = request(
      { host: HOST, port: 80, path: '/', agent, headers: { host }, timeout: 10_000 },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () =>
          done({ status: res.statusCode ?? 0, body, ms: performance.now() - started }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e: NodeJS.ErrnoException) =>
      done({ error: `${e.code ?? ''} (${e.message})`, ms: performance.now() - started }),
    );
    req.end();
  });
}

/** Runs CLIENTS request loops until `stop` resolves; returns what they saw. */
async function load(host: string, stop: Promise<unknown>): Promise<Tally> {
  const tally = newTally();
  let running = true;
  const deadline = Date.now() + MAX_SECONDS * 1000;
  void stop.finally(() => (running = false));
  // Without keep-alive there is no agent at all: a Node agent still reuses a socket for queued requests.
  const agent = KEEPALIVE ? new Agent({ keepAlive: true, maxSockets: CLIENTS }) : false;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (running && Date.now() < deadline) {
        const r = await once(agent, host);
        tally.sent += 1;
        tally.latencies.push(r.ms);
        if ('error' in r) {
          tally.errors += 1;
          if (tally.samples.length < 5) tally.samples.push(r.error);
        } else if (r.status >= 200 && r.status < 300 && r.body.startsWith('node-express:'))
          tally.ok += 1;
        else if (r.status >= 200 && r.status < 300) {
          tally.wrong += 1;
          if (tally.samples.length < 5) tally.samples.push('a 2xx page that is not the app');
        } else {
          tally.non2xx += 1;
          if (tally.samples.length < 5) tally.samples.push(`HTTP ${r.status}`);
        }
      }
    }),
  );
  if (agent) agent.destroy();
  return tally;
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

function report(label: string, t: Tally, ops: string): void {
  console.log(label);
  console.log(`  operations:         ${ops}`);
  console.log(`  requests sent:      ${t.sent}`);
  console.log(`  2xx from the app:   ${t.ok}`);
  console.log(`  non-2xx responses:  ${t.non2xx}`);
  console.log(`  2xx not the app:    ${t.wrong}`);
  console.log(`  connection errors:  ${t.errors}`);
  if (t.samples.length > 0)
    console.log(`  first failures:     ${[...new Set(t.samples)].join(', ')}`);
  console.log(
    `  latency p50 / p99:  ${pct(t.latencies, 50).toFixed(1)} ms / ${pct(t.latencies, 99).toFixed(1)} ms`,
  );
}

async function must(what: string, r: Promise<{ code: number; stderr: string }>): Promise<void> {
  const result = await r;
  if (result.code !== 0) throw new Error(`${what} failed:\n${result.stderr}`);
}

async function main(): Promise<void> {
  const app = appName('zdt');
  const wc = await workingCopy('node-express', app);
  const host = hostOf(app);
  try {
    await must('first deploy', wc.push());
    let done: () => void = () => undefined;
    const finished = new Promise<void>((r) => (done = r));
    const loading = load(host, finished);
    const started = performance.now();
    for (let i = 2; i <= 11; i++) {
      await wc.commit({ VERSION: `v${i}\n` });
      await must(`redeploy ${i}`, wc.push());
    }
    for (let i = 0; i < 5; i++) await must('restart', ssh(['restart', app]));
    for (let i = 0; i < 5; i++)
      await must('config:set', ssh(['config:set', app, `GREETING=hello-${i}`]));
    await must('rollback', ssh(['rollback', app]));
    await must('rollback', ssh(['rollback', app]));
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    done();
    report(
      `zero-downtime paths (${CLIENTS} clients${KEEPALIVE ? ', keep-alive' : ''}, ${seconds} s)`,
      await loading,
      '10 redeploys, 5 restarts, 5 config:set, 2 rollbacks',
    );

    let stopDone: () => void = () => undefined;
    const stopFinished = new Promise<void>((r) => (stopDone = r));
    const stopLoading = load(host, stopFinished);
    const stopStarted = performance.now();
    for (let i = 0; i < 5; i++) {
      await must('stop', ssh(['stop', app]));
      await must('start', ssh(['start', app]));
    }
    const stopSeconds = ((performance.now() - stopStarted) / 1000).toFixed(1);
    stopDone();
    report(
      `for comparison: stop-then-start (${CLIENTS} clients${KEEPALIVE ? ', keep-alive' : ''}, ${stopSeconds} s)`,
      await stopLoading,
      '5 x (stop; start)',
    );
  } finally {
    wc.cleanup();
    await destroy(app);
  }
}

await main();
