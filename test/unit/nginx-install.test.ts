// The nginx plugin's install flow with a fake command runner: validate first, keep the old file on rejection, roll back a failed reload.
import assert from 'node:assert/strict';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, beforeEach, describe, it } from 'node:test';
import { TEMPLATES_DIR } from '../../lib/install-root.js';
import { createPaths } from '../../lib/paths.js';
import type { Reporter, RunOptions, RunResult, ProxySite, PluginDeps } from '../../lib/sdk.js';
import { DEFAULT_SETTINGS } from '../../lib/settings.js';
import { createRenderer } from '../../lib/templates/render.js';
import { unprivilegedListens } from '../../plugins/proxies/nginx/check.js';
import nginx from '../../plugins/proxies/nginx/index.js';

interface Call {
  argv: string[];
  /** The private test configuration as it was when nginx -t ran. */
  checkConf?: string;
}

const quiet: Reporter = { step() {}, info() {}, warn() {}, timed: (_t, fn) => fn(), redact() {} };
const ok = (all = ''): RunResult => ({ exitCode: 0, stdout: '', stderr: all, all, durationMs: 1 });
const fail = (all: string): RunResult => ({
  exitCode: 1,
  stdout: '',
  stderr: all,
  all,
  durationMs: 1,
});

const roots: string[] = [];
after(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

/** A plugin over a fresh HOP3_HOME whose nginx -t and reload answer as the test says. */
function setupPlugin(
  answers: { check?: (conf: string) => RunResult; reload?: (n: number) => RunResult } = {},
  httpPort = 80,
) {
  const home = mkdtempSync(join(tmpdir(), 'hop3-nginx-unit-'));
  roots.push(home);
  const calls: Call[] = [];
  const checkedSites = new Map<string, string>();
  let reloads = 0;
  const run = (
    file: string,
    args: readonly string[],
    _options?: RunOptions,
  ): Promise<RunResult> => {
    const argv = [file, ...args];
    if (args.includes('-t')) {
      const conf = readFileSync(args[args.indexOf('-c') + 1]!, 'utf8');
      for (const m of conf.matchAll(/include "([^"]+\/check-\w+\/([^"/]+))";/g))
        checkedSites.set(m[2]!, readFileSync(m[1]!, 'utf8'));
      calls.push({ argv, checkConf: conf });
      return Promise.resolve(answers.check?.(conf) ?? ok());
    }
    calls.push({ argv });
    reloads += 1;
    return Promise.resolve(answers.reload?.(reloads) ?? ok());
  };
  const settings = {
    ...DEFAULT_SETTINGS,
    sections: {
      nginx: {
        binary: '/usr/sbin/nginx',
        reload: ['reload-nginx'],
        sitesDir: join(home, 'nginx'),
        httpPort,
        pidFile: '/nonexistent/nginx.pid',
      },
    },
  };
  const deps: PluginDeps = {
    run,
    render: createRenderer(TEMPLATES_DIR),
    log: quiet,
    paths: createPaths(home),
    settings,
    which: (b) => b,
  };
  return { proxy: nginx(deps), calls, checkedSites, dir: join(home, 'nginx'), home };
}

const site = (revision: string, port = 5001): ProxySite => ({
  app: 'shop',
  hosts: ['shop.example.com'],
  upstreams: [`127.0.0.1:${port}`],
  static: [],
  revision,
});

const leftovers = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

describe('nginx plugin install flow', () => {
  let t: ReturnType<typeof setupPlugin>;
  beforeEach(() => {
    t = setupPlugin();
  });

  it('prepare writes _hop3.conf once and leaves it alone when unchanged', async () => {
    await t.proxy.prepare?.();
    const file = join(t.dir, '_hop3.conf');
    assert.match(readFileSync(file, 'utf8'), /map \$http_upgrade \$connection_upgrade/);
    const before = statSync(file).mtimeMs;
    await new Promise((r) => setTimeout(r, 20));
    await t.proxy.prepare?.();
    assert.equal(statSync(file).mtimeMs, before);
  });

  it('tests the candidate with the global file and the other sites, then installs and reloads', async () => {
    await t.proxy.prepare?.();
    writeFileSync(join(t.dir, 'blog.conf'), '# another app\n');
    await t.proxy.setup(site('shop-v1-g1'));
    assert.equal(t.calls.length, 2);
    const [check, reload] = t.calls;
    assert.deepEqual(check!.argv.slice(0, 5), ['/usr/sbin/nginx', '-t', '-q', '-e', 'stderr']);
    const includes = [...check!.checkConf!.matchAll(/include "([^"]+)";/g)].map((m) => m[1]!);
    assert.equal(includes[0], join(t.dir, '_hop3.conf'));
    // As root the test runs in a fresh private directory, never in the hop3-owned home.
    assert.match(includes[1]!, /\/hop3-nginx-test-\w+\/check-\w+\/blog\.conf$/);
    assert.match(includes[2]!, /\/hop3-nginx-test-\w+\/check-\w+\/shop\.conf$/);
    assert.match(check!.checkConf!, /include \/etc\/nginx\/mime\.types;/);
    assert.equal(
      t.checkedSites.get('shop.conf')?.includes('listen 10080;'),
      true,
      'port 80 is tested as 10080',
    );
    assert.deepEqual(reload!.argv, ['reload-nginx']);
    assert.match(readFileSync(join(t.dir, 'shop.conf'), 'utf8'), /return 200 "shop-v1-g1";/);
    assert.deepEqual(leftovers(t.dir), []);
  });

  it('leaves the previous file untouched and does not reload when nginx rejects the candidate', async () => {
    await t.proxy.setup(site('shop-v1-g1'));
    const previous = readFileSync(join(t.dir, 'shop.conf'));
    const rejecting = setupPlugin({
      check: (conf) => {
        const candidate = /include "([^"]+\/shop\.conf)";/.exec(conf)![1]!;
        return fail(
          `2026/01/01 00:00:00 [emerg] 42#42: duplicate upstream "hop3-shop" in ${candidate}:2\nnginx: configuration file test failed\n`,
        );
      },
    });
    await rejecting.proxy.prepare?.();
    writeFileSync(join(rejecting.dir, 'shop.conf'), previous);
    await assert.rejects(
      rejecting.proxy.setup(site('shop-v2-g2')),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, 'E_PROXY_REJECTED');
        assert.match(error.message, /duplicate upstream "hop3-shop" in .*\/nginx\/shop\.conf:2/);
        return true;
      },
    );
    assert.deepEqual(readFileSync(join(rejecting.dir, 'shop.conf')), previous);
    assert.equal(rejecting.calls.filter((c) => c.checkConf === undefined).length, 0, 'no reload');
    assert.deepEqual(leftovers(rejecting.dir), []);
    const checked = /include "([^"]+)\/check-\w+\/shop\.conf";/.exec(
      rejecting.calls[0]!.checkConf!,
    )![1]!;
    assert.equal(existsSync(checked), false, 'the private test directory is removed');
  });

  it('restores the previous file and reloads again when the reload fails', async () => {
    const flaky = setupPlugin({
      reload: (n) => (n === 2 ? fail('nginx: [emerg] bind() failed') : ok()),
    });
    await flaky.proxy.setup(site('shop-v1-g1'));
    const previous = readFileSync(join(flaky.dir, 'shop.conf'), 'utf8');
    await assert.rejects(
      flaky.proxy.setup(site('shop-v2-g2', 5002)),
      (error: Error & { code?: string; details?: string }) => {
        assert.equal(error.code, 'E_PROXY_RELOAD');
        assert.match(error.details ?? '', /bind\(\) failed/);
        return true;
      },
    );
    assert.equal(readFileSync(join(flaky.dir, 'shop.conf'), 'utf8'), previous);
    assert.equal(flaky.calls.filter((c) => c.checkConf === undefined).length, 3);
  });

  it('removes a new site again when its first reload fails', async () => {
    const broken = setupPlugin({
      reload: (n) => (n === 1 ? fail('sudo: a password is required') : ok()),
    });
    await assert.rejects(broken.proxy.setup(site('shop-v1-g1')), { code: 'E_PROXY_RELOAD' });
    assert.equal(existsSync(join(broken.dir, 'shop.conf')), false);
  });

  it('remove deletes the site and reloads; an absent site needs no reload', async () => {
    await t.proxy.setup(site('shop-v1-g1'));
    await t.proxy.remove('shop');
    assert.equal(existsSync(join(t.dir, 'shop.conf')), false);
    assert.equal(t.calls.filter((c) => c.checkConf === undefined).length, 2);
    await t.proxy.remove('shop');
    assert.equal(t.calls.filter((c) => c.checkConf === undefined).length, 2);
    await assert.rejects(t.proxy.remove('../etc'), { code: 'E_INVALID_VALUE' });
  });

  it('validate tests the installed sites without a candidate', async () => {
    await t.proxy.prepare?.();
    writeFileSync(join(t.dir, 'blog.conf'), '# another app\n');
    await t.proxy.validate();
    const includes = [...t.calls[0]!.checkConf!.matchAll(/include "([^"]+)";/g)].map((m) => m[1]!);
    assert.equal(includes.length, 2);
    assert.equal(includes[0], join(t.dir, '_hop3.conf'));
    assert.match(includes[1]!, /\/check-\w+\/blog\.conf$/);
  });
});

describe('nginx check ports', () => {
  it('moves privileged listen ports out of the way of nginx -t and keeps the others', () => {
    const text =
      '    listen 80;\n    listen [::]:80 default_server;\n    listen 127.0.0.1:443 ssl;\n    listen 8080;\n    # listen 80;\n';
    assert.equal(
      unprivilegedListens(text),
      '    listen 10080;\n    listen [::]:10080 default_server;\n    listen 127.0.0.1:10443 ssl;\n    listen 8080;\n    # listen 80;\n',
    );
  });
});

describe('nginx servedRevision', () => {
  it('reads the revision through the proxy port with the site host, and never throws', async () => {
    const seen: (string | undefined)[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers.host);
      res.writeHead(req.url === '/.hop3/revision' ? 200 : 404).end('shop-v9-g9\n');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const { proxy } = setupPlugin({}, port);
      assert.equal(await proxy.servedRevision('shop', 'shop.example.com'), 'shop-v9-g9');
      assert.deepEqual(seen, ['shop.example.com']);
    } finally {
      await new Promise((r) => server.close(r));
    }
    assert.equal(
      await setupPlugin({}, port).proxy.servedRevision('shop', 'shop.example.com'),
      undefined,
    );
  });
});
