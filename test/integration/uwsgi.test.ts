// The uwsgi deployer against a real private emperor: generations side by side, retire, crash detection,
// a stdlib WSGI app, a worker's log, and no process left behind.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { silentReporter } from '../../lib/output/reporter.js';
import { waitHealthy } from '../../lib/pipeline/healthcheck.js';
import { SYSTEM_PATH } from '../../lib/proc/run.js';
import type { BuildArtifact, DeploymentInfo, DeployRequest, ProcessDef } from '../../lib/sdk.js';
import { processesUnder, startEmperor, type TestEmperor } from '../helpers/emperor.js';
import { enabledDir } from '../../plugins/deployers/uwsgi/settings.js';

const MESSAGE = `x$(id) %d 'q' "dq" \`uname\` $HOME @(x)`;

const SERVER_JS = `require('http').createServer((req, res) => res.end(process.env.MESSAGE + '|' + process.env.HOP3_RELEASE))
  .listen(Number(process.env.PORT), process.env.BIND_ADDRESS);
`;

const WSGI_PY = `import os
def application(environ, start_response):
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return [('wsgi:' + os.environ['MESSAGE']).encode()]
`;

/** GET / on a local port: the body, or undefined when nothing answers. */
function get(port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/', timeout: 2000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve(body));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) [ZX]/s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('uwsgi deployer (real emperor)', () => {
  let emperor: TestEmperor;
  let generation = 0;

  before(async () => {
    emperor = await startEmperor();
  });
  after(async () => {
    await emperor.stop();
  });

  /** Writes an app's source into a release dir and starts a new generation of the given processes. */
  async function deploy(
    app: string,
    files: Record<string, string>,
    processes: ProcessDef[],
    release = 1,
  ): Promise<DeploymentInfo> {
    const dir = emperor.paths.release(app, release);
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
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
        healthcheck: { timeoutSec: 5 },
      },
    };
    generation += 1;
    const req: DeployRequest = {
      app,
      release,
      generation,
      artifact,
      env: {
        APP: app,
        HOP3_RELEASE: String(release),
        HOME: emperor.home,
        PATH: SYSTEM_PATH,
        MESSAGE,
      },
      formation: Object.fromEntries(processes.map((p) => [p.name, 1])),
      log: silentReporter,
    };
    return emperor.deployer.deploy(req);
  }

  const portOf = (info: DeploymentInfo): number => {
    const port = info.instances[0]?.port;
    assert.ok(port !== undefined, 'the web instance has a port');
    return port;
  };

  it('runs a web command with its environment taken literally, never through the ini', async () => {
    const started = Date.now();
    const info = await deploy('web', { 'server.js': SERVER_JS }, [
      { name: 'web', kind: 'web', command: 'node server.js' },
    ]);
    assert.equal(info.deployer, 'uwsgi');
    assert.deepEqual(info.upstreams, [`127.0.0.1:${portOf(info)}`]);
    const body = await eventually('web.1 to answer', () => get(portOf(info)));
    console.log(`# web instance answered ${Date.now() - started} ms after deploy()`);
    assert.equal(body, `${MESSAGE}|1`);
    await waitHealthy('web', emperor.deployer, info, { timeoutSec: 5 });
    for (const file of readdirSync(enabledDir(emperor.paths))) {
      const ini = readFileSync(join(enabledDir(emperor.paths), file), 'utf8');
      assert.ok(
        !ini.includes('$(id)') && !ini.includes('node server.js'),
        `${file} holds no app value`,
      );
    }
    const [status] = await emperor.deployer.status('web');
    assert.ok(status);
    assert.equal(status.state, 'running');
    assert.equal(status.restarts, 0);
    assert.equal(status.port, portOf(info));
  });

  it('runs a second generation beside the first, and retire stops only the first', async () => {
    const before = await emperor.deployer.status('web');
    const gen1 = before[0];
    assert.ok(gen1?.pid !== undefined && gen1.port !== undefined);
    const info = await deploy(
      'web',
      { 'server.js': SERVER_JS },
      [{ name: 'web', kind: 'web', command: 'node server.js' }],
      2,
    );
    assert.notEqual(portOf(info), gen1.port);
    assert.equal(await eventually('gen 2 to answer', () => get(portOf(info))), `${MESSAGE}|2`);
    assert.equal(await get(gen1.port), `${MESSAGE}|1`, 'gen 1 still answers during the overlap');

    const started = Date.now();
    await emperor.deployer.retire('web', info.generation);
    console.log(`# retire of one web generation took ${Date.now() - started} ms`);
    assert.equal(alive(gen1.pid), false, 'gen 1 process is gone when retire returns');
    assert.equal(await get(gen1.port), undefined, 'gen 1 port no longer answers');
    assert.equal(await get(portOf(info)), `${MESSAGE}|2`);
    const after = await emperor.deployer.status('web');
    assert.deepEqual(
      after.map((s) => s.generation),
      [info.generation],
    );
    assert.equal(
      existsSync(join(emperor.paths.run('web'), String(gen1.generation))),
      false,
      'gen 1 run dir removed',
    );
    await emperor.deployer.retire('web', info.generation);
  });

  it('reports restarts of a web command that exits at once', async () => {
    const info = await deploy('crashy', {}, [
      { name: 'web', kind: 'web', command: 'echo starting; exit 3' },
    ]);
    const started = Date.now();
    await assert.rejects(waitHealthy('crashy', emperor.deployer, info, { timeoutSec: 10 }), {
      code: 'E_START_FAILED',
    });
    console.log(`# the health check failed ${Date.now() - started} ms after deploy()`);
    const crashed = await eventually('a restart to be counted', async () => {
      const [s] = await emperor.deployer.status('crashy');
      return s && s.generation === info.generation && s.restarts > 0 ? s : undefined;
    });
    console.log(`# restart seen ${Date.now() - started} ms after deploy()`);
    assert.ok(crashed.restarts > 0);
    assert.match(readFileSync(crashed.logFile, 'utf8'), /starting/);
    await emperor.deployer.retire('crashy');
    assert.deepEqual(await emperor.deployer.status('crashy'), []);
  });

  it('serves a stdlib WSGI app through the python3 plugin', async () => {
    const started = Date.now();
    const info = await deploy('pyapp', { 'app.py': WSGI_PY }, [
      { name: 'wsgi', kind: 'wsgi', command: 'app:application' },
    ]);
    const body = await eventually('the wsgi app to answer', () => get(portOf(info)), 10_000);
    console.log(`# wsgi instance answered ${Date.now() - started} ms after deploy()`);
    assert.equal(body, `wsgi:${MESSAGE}`);
    const [status] = await emperor.deployer.status('pyapp');
    assert.ok(status);
    assert.equal(status.state, 'running');
    assert.equal(status.restarts, 0);
  });

  it('marks a WSGI app that cannot be imported as crashed', async () => {
    await deploy('pybad', { 'app.py': 'raise RuntimeError("boom")\n' }, [
      { name: 'wsgi', kind: 'wsgi', command: 'app' },
    ]);
    const crashed = await eventually('the wsgi failure to show', async () => {
      const [s] = await emperor.deployer.status('pybad');
      return s && (s.state === 'crashed' || s.restarts > 0) ? s : undefined;
    });
    assert.match(readFileSync(crashed.logFile, 'utf8'), /boom/);
    await emperor.deployer.retire('pybad');
  });

  it('runs a worker that writes to its log file', async () => {
    const info = await deploy('wrk', {}, [
      { name: 'worker', kind: 'worker', command: 'echo "worker says $MESSAGE"; exec sleep 60' },
    ]);
    assert.deepEqual(info.upstreams, []);
    const log = join(emperor.paths.logs('wrk'), 'worker.1.log');
    await eventually('the worker line', () =>
      existsSync(log) && readFileSync(log, 'utf8').includes(`worker says ${MESSAGE}`)
        ? true
        : undefined,
    );
    const [status] = await emperor.deployer.status('wrk');
    assert.equal(status?.state, 'running');
  });

  it('runs a cron command from its vassal', async () => {
    await deploy('crn', {}, [
      { name: 'cron', kind: 'cron', command: 'echo "cron says $MESSAGE"', schedule: '* * * * *' },
    ]);
    const log = join(emperor.paths.logs('crn'), 'cron.1.log');
    // uWSGI runs an every-minute job at its first check after start.
    await eventually(
      'the cron line',
      () =>
        existsSync(log) && readFileSync(log, 'utf8').includes(`cron says ${MESSAGE}`)
          ? true
          : undefined,
      5000,
    );
    const [status] = await emperor.deployer.status('crn');
    assert.ok(status);
    assert.equal(status.state, 'running');
    await emperor.deployer.retire('crn');
  });

  it('retire(app) stops everything and leaves no process', async () => {
    const started = Date.now();
    for (const app of ['web', 'pyapp', 'wrk']) await emperor.deployer.retire(app);
    console.log(`# retiring web, pyapp and wrk took ${Date.now() - started} ms`);
    for (const app of ['web', 'pyapp', 'wrk'])
      assert.deepEqual(await emperor.deployer.status(app), []);
    assert.deepEqual(readdirSync(enabledDir(emperor.paths)), []);
    // App processes are gone when retire returns; web and worker vassal masters follow within a second.
    const left = (): number[] => processesUnder(emperor.home).filter((p) => p !== emperor.pid);
    await eventually(
      `no process to run from the test home (left: ${left().join(', ')})`,
      () => (left().length === 0 ? true : undefined),
      3000,
    );
    await emperor.deployer.retire('web');
    await emperor.deployer.retire('never-deployed');
    assert.deepEqual(emperor.output, [], 'no retire needed to kill anything');
  });
});
