// The contract every proxy passes, against a real server of that proxy: it serves a site through its
// upstreams on each of its host names (websocket upgrades included), reports the revision it serves,
// switches atomically to new upstreams, serves static directories without following links out of them or
// showing dotfiles and hidden names, serves files first with the app behind them, serves no app to a host
// nobody claimed, and forgets a removed site while the others keep serving.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { PluginDefinition, PluginDeps, Proxy, ProxySite } from '../../lib/sdk.js';
import { httpGet } from '../helpers/nginx-server.js';
import { checkDefinition, eventually } from './plugin.js';

/** A running server of the proxy and the plugin's dependencies pointing at it. */
export interface ProxyServer {
  deps: PluginDeps;
  /** The port it serves every site on. */
  port: number;
  /** Resolves once requests reach only the newest configuration (a reload may let old workers answer briefly). */
  settled?(): Promise<void>;
  stop(): Promise<void>;
}

/** What one proxy's contract run needs. */
export interface ProxyContractSpec {
  proxy: PluginDefinition<Proxy>;
  /** Its name (its folder under plugins/proxies). */
  name: string;
  /** Starts a private server of this proxy over a fresh `home` (the test's HOP3_HOME). */
  start(home: string): Promise<ProxyServer>;
}

/** A tiny app answering `name` on a free port; upgrades are echoed back as `<name>:<data>`. */
async function startUpstream(name: string): Promise<{ server: Server; address: string }> {
  const server = createServer((_req, res) => res.end(name));
  server.on('upgrade', (_req, socket) => {
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n',
    );
    socket.on('data', (data: Buffer) => socket.write(`${name}:${data.toString()}`));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  return {
    server,
    address: `127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`,
  };
}

/** Opens an upgraded connection through the proxy, sends `text` and returns what comes back. */
/** Opens an HTTP Upgrade on /ws through the proxy, sends `text` and resolves with the first answer. */
export function echoThroughUpgrade(port: number, host: string, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port,
      path: '/ws',
      agent: false,
      timeout: 5000,
      headers: { Host: host, Connection: 'Upgrade', Upgrade: 'websocket' },
    });
    req.on('upgrade', (_res, socket) => {
      socket.once('data', (data: Buffer) => {
        socket.destroy();
        resolve(data.toString());
      });
      socket.write(text);
    });
    req.on('response', (res) => reject(new Error(`no upgrade: HTTP ${res.statusCode}`)));
    req.on('timeout', () => req.destroy(new Error('upgrade timed out')));
    req.on('error', reject);
    req.end();
  });
}

/** Registers the contract tests of one proxy (node:test). */
export function proxyContract(spec: ProxyContractSpec): void {
  describe(`${spec.name} proxy contract (real ${spec.name})`, () => {
    const home = mkdtempSync(join(tmpdir(), `hop3-contract-proxy-${spec.name}-`));
    const upstreams: Server[] = [];
    let server: ProxyServer | undefined;
    let proxy: Proxy;

    before(async () => {
      server = await spec.start(home);
      proxy = spec.proxy(server.deps);
    });
    after(async () => {
      await server?.stop();
      for (const s of upstreams) s.close();
      rmSync(home, { recursive: true, force: true });
    });

    const get = async (host: string, path?: string): Promise<{ status: number; body: string }> => {
      const reply = await httpGet(server!.port, host, path);
      return { status: reply.status, body: reply.body };
    };
    const upstream = async (name: string): Promise<string> => {
      const up = await startUpstream(name);
      upstreams.push(up.server);
      return up.address;
    };
    /** Sets up a site and waits until the proxy reports its revision for the first host. */
    const serve = async (site: ProxySite): Promise<void> => {
      await proxy.setup(site);
      const host = site.hosts[0] ?? '';
      await eventually(`${host} to serve ${site.revision}`, async () =>
        (await proxy.servedRevision(site.app, host)) === site.revision ? true : undefined,
      );
      await server!.settled?.();
    };
    /** A release directory of `app`. */
    const release = (app: string, ...files: [string, string][]): string => {
      const dir = join(home, 'apps', app, 'releases', '1');
      mkdirSync(dir, { recursive: true });
      for (const [name, text] of files) {
        mkdirSync(join(dir, name, '..'), { recursive: true });
        writeFileSync(join(dir, name), text);
      }
      return dir;
    };

    it(`is a proxy plugin named ${spec.name} with every member; prepared, its configuration validates`, async () => {
      checkDefinition(spec.proxy, 'proxy', spec.name, proxy);
      await proxy.prepare?.();
      await proxy.validate();
    });

    it('serves a site through its upstream on each host name, websockets included, and reports its revision', async () => {
      const a = await upstream('A');
      await serve({
        app: 'web',
        hosts: ['web.test', 'www.web.test'],
        upstreams: [a],
        static: [],
        revision: 'web-v1-g1',
      });
      assert.deepEqual(await get('web.test'), { status: 200, body: 'A' });
      assert.deepEqual(await get('www.web.test', '/some/path?q=1'), { status: 200, body: 'A' });
      assert.equal(await proxy.servedRevision('web', 'www.web.test'), 'web-v1-g1');
      assert.equal(await echoThroughUpgrade(server!.port, 'web.test', 'ping'), 'A:ping');
    });

    it('switches to new upstreams and revision, balancing across all of them', async () => {
      const b = await upstream('B');
      const c = await upstream('C');
      await serve({
        app: 'web',
        hosts: ['web.test', 'www.web.test'],
        upstreams: [b, c],
        static: [],
        revision: 'web-v2-g2',
      });
      const bodies = new Set<string>();
      for (let i = 0; i < 8; i++) bodies.add((await get('web.test')).body);
      assert.deepEqual([...bodies].sort(), ['B', 'C']);
    });

    it('serves a static-only site from its directory, 404 for a missing file', async () => {
      const dir = release(
        'docs',
        ['public/index.html', '<h1>docs</h1>\n'],
        ['public/about.html', 'about\n'],
      );
      await serve({
        app: 'docs',
        hosts: ['docs.test'],
        upstreams: [],
        static: [{ url: '/', dir: join(dir, 'public') }],
        revision: 'docs-v1-g1',
      });
      assert.deepEqual(await get('docs.test'), { status: 200, body: '<h1>docs</h1>\n' });
      assert.deepEqual(await get('docs.test', '/about.html'), { status: 200, body: 'about\n' });
      assert.equal((await get('docs.test', '/missing')).status, 404);
    });

    it('follows no link out of a static directory and serves no dotfile or hidden name', async () => {
      const root = release(
        'leaky',
        ['index.html', 'leaky\n'],
        ['sub/page.html', 'page\n'],
        ['.env', 'SECRET=1\n'],
        ['sub/.htpasswd', 'u:p\n'],
        ['Procfile', 'static: .\n'],
      );
      symlinkSync('/etc/passwd', join(root, 'passwd'));
      symlinkSync('/etc', join(root, 'etc'));
      await serve({
        app: 'leaky',
        hosts: ['leaky.test'],
        upstreams: [],
        static: [
          { url: '/', dir: root, within: root, hidden: ['Procfile'] },
          { url: '/files', dir: join(root, 'sub'), within: root },
        ],
        revision: 'leaky-v1-g1',
      });
      assert.deepEqual(await get('leaky.test'), { status: 200, body: 'leaky\n' });
      assert.deepEqual(await get('leaky.test', '/files/page.html'), {
        status: 200,
        body: 'page\n',
      });
      for (const path of ['/passwd', '/etc/passwd', '/etc/hostname']) {
        const reply = await get('leaky.test', path);
        assert.ok([403, 404].includes(reply.status), `${path}: ${reply.status} ${reply.body}`);
        assert.doesNotMatch(reply.body, /root:/);
      }
      for (const path of ['/.env', '/files/.htpasswd', '/Procfile', '/%2Eenv']) {
        assert.equal((await get('leaky.test', path)).status, 404, path);
      }
    });

    it('serves files first and the app for everything else when a site has both', async () => {
      const m = await upstream('M');
      const dir = release('mix', ['public/robots.txt', 'User-agent: *\n']);
      await serve({
        app: 'mix',
        hosts: ['mix.test'],
        upstreams: [m],
        static: [{ url: '/', dir: join(dir, 'public') }],
        revision: 'mix-v1-g1',
      });
      assert.deepEqual(await get('mix.test', '/robots.txt'), {
        status: 200,
        body: 'User-agent: *\n',
      });
      assert.deepEqual(await get('mix.test', '/api/items'), { status: 200, body: 'M' });
    });

    it('serves no app to a host name no site claims', async () => {
      const reply = await get('nobody.test');
      assert.equal(reply.status, 404);
      assert.doesNotMatch(reply.body, /^(A|B|C|M)$/);
    });

    it('reloads and keeps serving', async () => {
      await proxy.reload();
      await server!.settled?.();
      assert.equal((await get('docs.test')).status, 200);
    });

    it('forgets a removed site (idempotently) while the others keep serving', async () => {
      await proxy.remove('web');
      await eventually('web.test to stop answering', async () =>
        (await get('web.test')).status === 404 ? true : undefined,
      );
      await server!.settled?.();
      assert.equal(await proxy.servedRevision('web', 'web.test'), undefined);
      await proxy.remove('web');
      await proxy.remove('never-served');
      assert.equal(await proxy.servedRevision('docs', 'docs.test'), 'docs-v1-g1');
      assert.deepEqual(await get('mix.test', '/api/items'), { status: 200, body: 'M' });
    });
  });
}
