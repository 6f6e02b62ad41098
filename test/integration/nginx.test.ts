// The nginx proxy plugin against a real, private nginx: switch, verify, reject, roll back, static files, websockets,
// remove; what every proxy must do is in the proxy contract (contract-proxies.test.ts).
import assert from 'node:assert/strict';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { TEMPLATES_DIR } from '../../lib/install-root.js';
import { createPaths } from '../../lib/paths.js';
import { run } from '../../lib/proc/run.js';
import { which } from '../../lib/proc/which.js';
import type { Proxy, Reporter } from '../../lib/sdk.js';
import { DEFAULT_SETTINGS } from '../../lib/settings.js';
import { createRenderer } from '../../lib/templates/render.js';
import nginx from '../../plugins/proxies/nginx/index.js';
import { echoThroughUpgrade } from '../contracts/proxy.js';
import { httpGet, startNginx, type NginxServer } from '../helpers/nginx-server.js';

const quiet: Reporter = { step() {}, info() {}, warn() {}, timed: (_t, fn) => fn(), redact() {} };

/** Polls `probe` until it returns true (nginx reloads asynchronously). */
async function waitFor(
  what: string,
  probe: () => Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** A tiny app answering `name` on a free port; websocket-style upgrades are echoed back. */
async function startUpstream(
  name: string,
): Promise<{ server: Server; port: number; seen: IncomingHttpHeaders[] }> {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers);
    res.end(name);
  });
  server.on('upgrade', (_req, socket) => {
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n',
    );
    socket.on('data', (data: Buffer) => socket.write(`${name}:${data.toString()}`));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  return { server, port: typeof address === 'object' && address !== null ? address.port : 0, seen };
}

it('needs nginx installed (apt-get install nginx)', () => {
  assert.ok(which('nginx'), 'nginx is not installed: these tests need it (apt-get install nginx)');
});

describe('nginx proxy plugin with a real nginx', () => {
  const home = mkdtempSync(join(tmpdir(), 'hop3-nginx-it-'));
  const upstreams: Server[] = [];
  let server: NginxServer | undefined;
  let proxy: Proxy;
  let port = 0;
  const site = {
    app: 'web1',
    hosts: ['web1.test', 'www.web1.test'],
    static: [] as { url: string; dir: string }[],
  };

  before(async () => {
    server = await startNginx(home);
    port = server.port;
    const settings = { ...DEFAULT_SETTINGS, sections: { nginx: server.settings } };
    proxy = nginx({
      run,
      render: createRenderer(TEMPLATES_DIR),
      log: quiet,
      paths: createPaths(home),
      settings,
      which: (b) => which(b),
    });
  });

  after(async () => {
    await server?.stop();
    for (const s of upstreams) s.close();
    rmSync(home, { recursive: true, force: true });
  });

  /** GETs through nginx as `host`; status and body only. */
  const get = async (host: string, path?: string): Promise<{ status: number; body: string }> => {
    const reply = await httpGet(port, host, path);
    return { status: reply.status, body: reply.body };
  };

  /** Waits until nginx serves `revision` for `host`, and only the new workers answer. */
  const serving = async (app: string, host: string, revision: string): Promise<void> => {
    await waitFor(
      `${host} to serve ${revision}`,
      async () => (await proxy.servedRevision(app, host)) === revision,
    );
    await server!.settled();
  };

  const app = async (name: string) => {
    const up = await startUpstream(name);
    upstreams.push(up.server);
    return up;
  };

  it('prepare writes the global file that the private nginx includes', async () => {
    await proxy.prepare?.();
    assert.match(readFileSync(join(home, 'nginx', '_hop3.conf'), 'utf8'), /\$connection_upgrade/);
    await proxy.validate();
  });

  it('serves a site through its upstream, with static assets, forwarded headers and websockets', async () => {
    const up = await app('A');
    const assets = join(home, 'apps', 'web1', 'releases', '1', 'assets');
    mkdirSync(assets, { recursive: true });
    writeFileSync(join(assets, 'app.css'), 'body { color: red }\n');
    site.static = [{ url: '/assets', dir: assets }];
    await proxy.setup({ ...site, upstreams: [`127.0.0.1:${up.port}`], revision: 'web1-v1-g1' });
    await serving('web1', 'web1.test', 'web1-v1-g1');
    assert.deepEqual(await get('web1.test'), { status: 200, body: 'A' });
    assert.deepEqual(await get('www.web1.test'), { status: 200, body: 'A' });
    assert.deepEqual(await get('web1.test', '/assets/app.css'), {
      status: 200,
      body: 'body { color: red }\n',
    });
    assert.equal((await get('web1.test', '/.git/config')).status, 404);
    const headers = up.seen.at(-1)!;
    assert.equal(headers.host, 'www.web1.test');
    assert.equal(headers['x-forwarded-for'], '127.0.0.1');
    assert.equal(headers['x-forwarded-proto'], 'http');
    assert.equal(headers['x-forwarded-port'], String(port));
    assert.match(String(headers['x-request-start']), /^t=\d+\.\d+$/);
    assert.equal(await echoThroughUpgrade(port, 'web1.test', 'ping'), 'A:ping');
  });

  it('switches to a new upstream and revision', async () => {
    const up = await app('B');
    await proxy.setup({ ...site, upstreams: [`127.0.0.1:${up.port}`], revision: 'web1-v2-g2' });
    await serving('web1', 'web1.test', 'web1-v2-g2');
    assert.deepEqual(await get('web1.test'), { status: 200, body: 'B' });
  });

  it('rejects a config nginx -t refuses, keeps the previous file and keeps serving', async () => {
    const nginxDir = join(home, 'nginx');
    const before = readFileSync(join(nginxDir, 'web1.conf'));
    writeFileSync(join(nginxDir, 'zz-other.conf'), 'upstream hop3-web1 { server 127.0.0.1:9; }\n');
    try {
      const up = await app('C');
      await assert.rejects(
        proxy.setup({ ...site, upstreams: [`127.0.0.1:${up.port}`], revision: 'web1-v3-g3' }),
        (error: Error & { code?: string }) => {
          assert.equal(error.code, 'E_PROXY_REJECTED');
          assert.match(error.message, /duplicate upstream "hop3-web1"/);
          return true;
        },
      );
    } finally {
      rmSync(join(nginxDir, 'zz-other.conf'));
    }
    assert.deepEqual(readFileSync(join(nginxDir, 'web1.conf')), before);
    assert.deepEqual(readdirSync(nginxDir).sort(), ['_hop3.conf', 'web1.conf']);
    assert.deepEqual(await get('web1.test'), { status: 200, body: 'B' });
    assert.equal(await proxy.servedRevision('web1', 'web1.test'), 'web1-v2-g2');
  });

  it('serves a static-only site from its directory', async () => {
    const dir = join(home, 'apps', 'docs', 'releases', '1', 'public');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'index.html'), '<h1>docs</h1>\n');
    writeFileSync(join(dir, 'about.html'), '<h1>about</h1>\n');
    await proxy.setup({
      app: 'docs',
      hosts: ['docs.test'],
      upstreams: [],
      static: [{ url: '/', dir }],
      revision: 'docs-v1-g1',
    });
    await serving('docs', 'docs.test', 'docs-v1-g1');
    assert.deepEqual(await get('docs.test'), { status: 200, body: '<h1>docs</h1>\n' });
    assert.deepEqual(await get('docs.test', '/about'), {
      status: 200,
      body: '<h1>about</h1>\n',
    });
    assert.equal((await get('docs.test', '/missing')).status, 404);
    await proxy.validate();
  });

  it('follows no symlink in a static directory and serves no dotfile or hidden file', async () => {
    const root = join(home, 'apps', 'leaky', 'releases', '1');
    mkdirSync(join(root, 'sub'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<h1>leaky</h1>\n');
    writeFileSync(join(root, 'sub', 'page.html'), 'page\n');
    writeFileSync(join(root, '.env'), 'SECRET=1\n');
    writeFileSync(join(root, 'sub', '.htpasswd'), 'u:p\n');
    writeFileSync(join(root, 'BUILD_ARTIFACT.json'), '{"location":"/home/hop3"}\n');
    writeFileSync(join(root, 'Procfile'), 'static: .\n');
    mkdirSync(join(root, 'hop3'));
    writeFileSync(join(root, 'hop3', 'ENV'), 'SECRET=2\n');
    symlinkSync('/etc/passwd', join(root, 'passwd'));
    symlinkSync('/etc', join(root, 'etc'));
    symlinkSync('index.html', join(root, 'inside.html'));
    const up = await app('L');
    await proxy.setup({
      app: 'leaky',
      hosts: ['leaky.test'],
      upstreams: [],
      static: [
        { url: '/', dir: root, within: root, hidden: ['BUILD_ARTIFACT.json', 'Procfile', 'hop3'] },
        { url: '/files', dir: join(root, 'sub'), within: root },
      ],
      revision: 'leaky-v1-g1',
    });
    await serving('leaky', 'leaky.test', 'leaky-v1-g1');
    assert.deepEqual(await get('leaky.test'), { status: 200, body: '<h1>leaky</h1>\n' });
    assert.deepEqual(await get('leaky.test', '/files/page.html'), { status: 200, body: 'page\n' });
    for (const path of ['/passwd', '/etc/passwd', '/etc/hostname', '/inside.html']) {
      const reply = await get('leaky.test', path);
      assert.ok([403, 404].includes(reply.status), `${path}: ${reply.status} ${reply.body}`);
      assert.doesNotMatch(reply.body, /root:|leaky/);
    }
    for (const path of [
      '/.env',
      '/files/.htpasswd',
      '/BUILD_ARTIFACT.json',
      '/Procfile',
      '/%2Eenv',
      '//Procfile',
      '/hop3/ENV',
      '/hop3/',
      '//hop3/ENV',
    ]) {
      assert.equal((await get('leaky.test', path)).status, 404, path);
    }
    // With an app behind the files, those paths go to the app instead of the disk.
    await proxy.setup({
      app: 'leaky',
      hosts: ['leaky.test'],
      upstreams: [`127.0.0.1:${up.port}`],
      static: [{ url: '/', dir: root, within: root, hidden: ['BUILD_ARTIFACT.json'] }],
      revision: 'leaky-v2-g2',
    });
    await serving('leaky', 'leaky.test', 'leaky-v2-g2');
    for (const path of ['/.env', '/BUILD_ARTIFACT.json', '/passwd']) {
      assert.deepEqual(await get('leaky.test', path), { status: 200, body: 'L' }, path);
    }
    await proxy.remove('leaky');
  });

  it("answers a host name no app serves with hop3's own 404 page (the include's default server)", async () => {
    for (const host of ['unknown.test', 'localhost', '127.0.0.1']) {
      const reply = await get(host, '/');
      assert.equal(reply.status, 404, host);
      assert.match(reply.body, /no app is served at this address \(hop3\)/, host);
    }
  });

  it('remove stops serving the app and leaves the others', async () => {
    await proxy.remove('web1');
    await waitFor('web1 to disappear', async () => (await get('web1.test')).body !== 'B');
    await server!.settled();
    assert.equal((await get('web1.test')).status, 404);
    assert.equal(await proxy.servedRevision('web1', 'web1.test'), undefined);
    assert.equal(await proxy.servedRevision('docs', 'docs.test'), 'docs-v1-g1');
  });

  it('reports a failing reload command as E_PROXY_RELOAD', async () => {
    const settings = {
      ...DEFAULT_SETTINGS,
      sections: {
        nginx: {
          ...server!.settings,
          reload: [server!.binary, '-s', 'reload', '-c', '/nonexistent.conf'],
        },
      },
    };
    const broken = nginx({
      run,
      render: createRenderer(TEMPLATES_DIR),
      log: quiet,
      paths: createPaths(home),
      settings,
      which: (b) => which(b),
    });
    await assert.rejects(broken.reload(), { code: 'E_PROXY_RELOAD' });
    const reloaded = await run(server!.binary, server!.reloadArgv.slice(1), { reject: false });
    assert.equal(reloaded.exitCode, 0, reloaded.all);
  });
});
