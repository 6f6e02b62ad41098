// Benchmark: push→live for the Node sample app over real ssh and nginx, and the config:get round trip.
// Prints figures; asserts nothing. Run through scripts/bench/push-to-live (root, bootstrapped host).
import { appName, destroy, get, hostOf, ssh, workingCopy } from '../../test/e2e/helpers.js';

const REDEPLOYS = Number(process.env.BENCH_REDEPLOYS ?? 5);
const ROUND_TRIPS = Number(process.env.BENCH_ROUND_TRIPS ?? 20);

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};
const fmt = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

/** Milliseconds from `start` until GET / answers 200 with a body matching `want`. */
async function untilServed(
  host: string,
  want: RegExp,
  start: number,
  timeoutMs = 180_000,
): Promise<number> {
  for (;;) {
    try {
      const a = await get(host);
      if (a.status === 200 && want.test(a.body)) return performance.now() - start;
    } catch {
      // not up yet
    }
    if (performance.now() - start > timeoutMs) throw new Error(`not served within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** First deploy and median redeploy (push -> new body served) of one sample app: the cache's effect. */
async function coldAndCached(
  fixture: string,
  marker: string,
  runs: number,
): Promise<{ first: number; redeploy: number }> {
  const app = appName(`bench${fixture.replace(/[^a-z]/g, '')}`.slice(0, 20));
  const wc = await workingCopy(fixture, app);
  try {
    let start = performance.now();
    const push = wc.push();
    const first = await untilServed(hostOf(app), new RegExp(`${marker} v1`), start);
    if ((await push).code !== 0) throw new Error(`${fixture}: first push failed`);
    const redeploys: number[] = [];
    for (let i = 2; i < 2 + runs; i++) {
      await wc.commit({ VERSION: `v${i}\n` });
      start = performance.now();
      const p = wc.push();
      redeploys.push(await untilServed(hostOf(app), new RegExp(`${marker} v${i}\\b`), start));
      if ((await p).code !== 0) throw new Error(`${fixture}: redeploy failed`);
    }
    return { first, redeploy: median(redeploys) };
  } finally {
    wc.cleanup();
    await destroy(app);
  }
}

async function main(): Promise<void> {
  const app = appName('bench');
  const wc = await workingCopy('node-express', app);
  try {
    let start = performance.now();
    const firstPush = wc.push();
    const first = await untilServed(hostOf(app), /hello v1/, start);
    const firstResult = await firstPush;
    if (firstResult.code !== 0) throw new Error(`first push failed:\n${firstResult.stderr}`);
    const firstPushDone = performance.now() - start;

    const redeploys: number[] = [];
    const pushDurations: number[] = [];
    for (let i = 2; i < 2 + REDEPLOYS; i++) {
      await wc.commit({ VERSION: `v${i}\n` });
      start = performance.now();
      const push = wc.push();
      redeploys.push(await untilServed(hostOf(app), new RegExp(`hello v${i}\\b`), start));
      const r = await push;
      pushDurations.push(performance.now() - start);
      if (r.code !== 0) throw new Error(`redeploy push failed:\n${r.stderr}`);
    }

    await ssh(['config:set', app, 'GREETING=hello']);
    const trips: number[] = [];
    for (let i = 0; i < ROUND_TRIPS; i++) {
      start = performance.now();
      const r = await ssh(['config:get', app, 'GREETING']);
      trips.push(performance.now() - start);
      if (r.stdout !== 'hello\n')
        throw new Error(`config:get returned ${JSON.stringify(r.stdout)}`);
    }
    const handshake: number[] = [];
    for (let i = 0; i < ROUND_TRIPS; i++) {
      start = performance.now();
      await ssh(['--version']);
      handshake.push(performance.now() - start);
    }

    console.log('hop3 push-to-live benchmark (Node sample app: express, npm ci)');
    console.log(
      `first deploy   push -> first 200:        ${fmt(first)}   (push returned after ${fmt(firstPushDone)})`,
    );
    console.log(
      `redeploy       push -> new body served:  median ${fmt(median(redeploys))}   runs: ${redeploys.map(fmt).join(', ')}`,
    );
    console.log(`               push returned after:      median ${fmt(median(pushDurations))}`);
    console.log(
      `config:get     ssh round trip:           median ${Math.round(median(trips))} ms   min ${Math.round(Math.min(...trips))} ms   (${ROUND_TRIPS} runs)`,
    );
    console.log(
      `--version      ssh round trip:           median ${Math.round(median(handshake))} ms   (ssh + node start, no state)`,
    );
    const python = await coldAndCached('python-web', 'python-web: hello', 3);
    console.log(
      `python-web     first deploy (new venv):  ${fmt(python.first)}   redeploy (venv reused): median ${fmt(python.redeploy)}`,
    );
  } finally {
    wc.cleanup();
    await destroy(app);
  }
}

await main();
