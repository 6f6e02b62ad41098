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
    assert.deepEqual(await probe(upstream, { path: '/health', contains: 'ok', timeoutSec: 1 }), { ok: true });
    assert.deepEqual(await probe(upstream, { path: '/broken', timeoutSec: 1 }), { ok: false, why: '/broken answered HTTP 500' });
    assert.deepEqual(await probe(upstream, { path: '/health', contains: 'ready', timeoutSec: 1 }), { ok: false, why: '/health did not contain "ready"' });
  });

  it('says when nothing listens', async () => {
    assert.deepEqual(await probe('127.0.0.1:1', { timeoutSec: 1 }), { ok: false, why: 'nothing listens on port 1' });
  });
});
