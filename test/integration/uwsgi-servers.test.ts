// The uwsgi deployer's in-process app servers against a real private emperor: a Rack app through the rack
// plugin (rwsgi) and a PHP document root through the php plugin (php), environment taken literally,
// restarts counted, static files, and what a root docroot keeps out of reach.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { silentReporter } from '../../lib/output/reporter.js';
import { waitHealthy } from '../../lib/pipeline/healthcheck.js';
import { SYSTEM_PATH } from '../../lib/proc/run.js';
import type { BuildArtifact, DeploymentInfo, DeployRequest, ProcessDef } from '../../lib/sdk.js';
import { UWSGI_PLUGIN_DIR } from '../../plugins/deployers/uwsgi/servers.js';
import { startEmperor, type TestEmperor } from '../helpers/emperor.js';
import { enabledDir } from '../../plugins/deployers/uwsgi/settings.js';

const MESSAGE = `x$(id) %d 'q' "dq" \\back \`uname\` $HOME @(x)`;

const CONFIG_RU = `run lambda { |env| [200, { 'content-type' => 'text/plain' }, ["rack:#{ENV['MESSAGE']}|#{env['PATH_INFO']}"]] }\n`;
const INDEX_PHP = `<?php\nheader('Content-Type: text/plain');\necho 'php:' . getenv('MESSAGE') . '|' . $_ENV['APP'] . '|' . $_SERVER['REQUEST_URI'];\n`;

/** GET a path on a local port: status and body, or undefined when nothing answers. */
function get(port: number, path = '/'): Promise<{ status: number; body: string } | undefined> {
  return new Promise((resolve) => {
    // No keep-alive: uWSGI's http-socket closes after each answer (nginx retries a closed cached connection by itself).
    const req = request({ host: '127.0.0.1', port, path, timeout: 2000, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 8000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('uwsgi deployer: rwsgi and php (real emperor)', () => {
  let emperor: TestEmperor;
  let generation = 0;

  before(async () => {
    for (const plugin of ['rack', 'php']) {
      assert.ok(
        existsSync(join(UWSGI_PLUGIN_DIR, `${plugin}_plugin.so`)),
        `uWSGI's ${plugin} plugin is missing (apt-get install -y uwsgi-plugin-rack-ruby3.1 uwsgi-plugin-php)`,
      );
    }
    emperor = await startEmperor();
  });
  after(async () => {
    await emperor.stop();
  });

  async function deploy(
    app: string,
    files: Record<string, string>,
    processes: ProcessDef[],
  ): Promise<DeploymentInfo> {
    const dir = emperor.paths.release(app, 1);
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    const artifact: BuildArtifact = {
      kind: 'generic',
      location: dir,
      builder: 'local',
      toolchain: 'generic',
      app,
      buildId: 'abc123',
      builtAt: new Date().toISOString(),
      metadata: {},
      runtime: {
        env: {},
        path: [],
        workingDir: dir,
        processes,
        static: [],
        healthcheck: { timeoutSec: 10 },
      },
    };
    generation += 1;
    const req: DeployRequest = {
      app,
      release: 1,
      generation,
      artifact,
      env: { APP: app, HOME: emperor.home, PATH: SYSTEM_PATH, MESSAGE },
      formation: Object.fromEntries(processes.map((p) => [p.name, 1])),
      log: silentReporter,
    };
    return emperor.deployer.deploy(req);
  }

  const portOf = (info: DeploymentInfo): number => {
    const port = info.instances[0]?.port;
    assert.ok(port !== undefined, 'the instance has a port');
    return port;
  };

  function vassalsHoldNoAppValue(): void {
    for (const file of readdirSync(enabledDir(emperor.paths))) {
      const ini = readFileSync(join(enabledDir(emperor.paths), file), 'utf8');
      assert.ok(!ini.includes('$(id)'), `${file} holds no app value`);
    }
  }

  it('serves a Rack app through the rack plugin with its environment taken literally', async () => {
    const info = await deploy('rack', { 'config.ru': CONFIG_RU }, [
      { name: 'rwsgi', kind: 'rwsgi', command: 'config.ru' },
    ]);
    const answer = await eventually(
      'rwsgi.1 to answer',
      () => get(portOf(info), '/a/b'),
      15_000,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${emperor.emperorLog()}`);
    });
    assert.deepEqual(answer, { status: 200, body: `rack:${MESSAGE}|/a/b` });
    await waitHealthy('rack', emperor.deployer, info, { timeoutSec: 10 });
    const [status] = await emperor.deployer.status('rack');
    assert.equal(status?.state, 'running');
    assert.equal(status.kind, 'rwsgi');
    assert.equal(status.restarts, 0);
    vassalsHoldNoAppValue();
    const log = readFileSync(status.logFile, 'utf8');
    assert.match(log, /RACK app 0 loaded/);
  });

  it('serves a PHP document root: scripts with the environment, static files, unknown paths to index.php', async () => {
    const files = {
      'public/index.php': INDEX_PHP,
      'public/style.css': 'body{}\n',
      'secret.txt': 'no\n',
    };
    const info = await deploy('php', files, [{ name: 'php', kind: 'php', command: 'public' }]);
    const port = portOf(info);
    const answer = await eventually('php.1 to answer', () => get(port, '/'), 15_000);
    assert.deepEqual(answer, { status: 200, body: `php:${MESSAGE}|php|/` });
    assert.deepEqual(await get(port, '/style.css'), { status: 200, body: 'body{}\n' });
    assert.equal((await get(port, '/shop/cart?x=1'))?.body, `php:${MESSAGE}|php|/shop/cart?x=1`);
    assert.equal((await get(port, '/index.php'))?.status, 200);
    assert.notEqual((await get(port, '/../secret.txt'))?.body, 'no\n');
    await waitHealthy('php', emperor.deployer, info, { timeoutSec: 10 });
    const [status] = await emperor.deployer.status('php');
    assert.equal(status?.state, 'running');
    assert.equal(status.restarts, 0);
    vassalsHoldNoAppValue();
  });

  it('with the app root as document root, runs scripts but serves no other file, vendor/ or dot-directory', async () => {
    const files = {
      'index.php': INDEX_PHP,
      ENV: 'SECRET=1\n',
      'vendor/tool.php': '<?php echo "vendor";\n',
      '.git/config.php': '<?php echo "git";\n',
    };
    const info = await deploy('phproot', files, [{ name: 'php', kind: 'php', command: '.' }]);
    const port = portOf(info);
    assert.equal((await eventually('php.1 to answer', () => get(port, '/'), 15_000)).status, 200);
    assert.notEqual((await get(port, '/ENV'))?.body, 'SECRET=1\n');
    assert.equal((await get(port, '/vendor/tool.php'))?.status, 404);
    assert.equal((await get(port, '/.git/config.php'))?.status, 404);
  });
});
