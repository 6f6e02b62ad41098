import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { probe } from '../../lib/pipeline/healthcheck.js';

let server: Server;
let upstream = '';
before(async () => {
  server = createServer((req, res) => {
    if (req.url === '/health') res.end('status: ok');
    else if (req.url === '/broken') {
      res.statusCode = 500;
      res.end('boom');
    } else res.end('home');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  upstream = `127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
after(() => server.close());

describe('health probe', () => {
  it('accepts any HTTP answer when no path is configured', async () => {
    assert.deepEqual(await probe(upstream, { timeoutSec: 1 }), { ok: true });
  });

  it('requires 2xx/3xx on a configured path, and the text when asked', async () => {
    assert.deepEqual(await probe(upstream, { path: '/health', contains: 'ok', timeoutSec: 1 }), {
      ok: true,
    });
    assert.deepEqual(await probe(upstream, { path: '/broken', timeoutSec: 1 }), {
      ok: false,
      why: '/broken answered HTTP 500',
    });
    assert.deepEqual(await probe(upstream, { path: '/health', contains: 'ready', timeoutSec: 1 }), {
      ok: false,
      why: '/health did not contain "ready"',
    });
  });

  it('says when nothing listens', async () => {
    assert.deepEqual(await probe('127.0.0.1:1', { timeoutSec: 1 }), {
      ok: false,
      why: 'nothing listens on port 1',
    });
  });
});

describe('waitHealthy', () => {
  const deployer = {
    accept: () => true,
    deploy: () => Promise.reject(new Error('unused')),
    retire: () => Promise.resolve(),
    status: () => Promise.resolve([]),
  };
  const info = (up: string) => ({
    deployer: 'fake',
    release: 1,
    generation: 1,
    instances: [{ process: 'web', kind: 'web' as const, index: 1, port: Number(up.split(':')[1]) }],
    upstreams: [up],
  });

  it('needs the configured number of consecutive successful checks', async () => {
    let calls = 0;
    const flaky = createServer((_req, res) => {
      calls += 1;
      res.statusCode = calls % 2 === 0 ? 500 : 200;
      res.end();
    });
    await new Promise<void>((r) => flaky.listen(0, '127.0.0.1', r));
    const address = flaky.address();
    const up = `127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    try {
      const { waitHealthy } = await import('../../lib/pipeline/healthcheck.js');
      await waitHealthy('app', deployer, info(upstream), { path: '/', timeoutSec: 1, attempts: 3 });
      await assert.rejects(
        waitHealthy('app', deployer, info(up), { path: '/', timeoutSec: 1, attempts: 2 }),
        (e: Error & { code?: string }) => {
          assert.equal(e.code, 'E_START_FAILED');
          assert.match(e.message, /web\.1 was not healthy within 1 s/);
          return true;
        },
      );
    } finally {
      flaky.close();
    }
  });
});
