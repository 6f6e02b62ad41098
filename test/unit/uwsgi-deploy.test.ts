// The uwsgi deployer without an emperor: what deploy writes, how status reads it, what retire removes.
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
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { TEMPLATES_DIR } from '../../lib/install-root.js';
import { silentReporter } from '../../lib/output/reporter.js';
import { createPaths } from '../../lib/paths.js';
import { run } from '../../lib/proc/run.js';
import type { BuildArtifact, DeployRequest, PluginDeps, ProcessDef } from '../../lib/sdk.js';
import { execForm } from '../../lib/domain/exec-form.js';
import { DEFAULT_SETTINGS } from '../../lib/settings.js';
import { createRenderer } from '../../lib/templates/render.js';
import uwsgiDeployer from '../../plugins/deployers/uwsgi/index.js';
import { instanceFiles, vassalDir } from '../../plugins/deployers/uwsgi/layout.js';
import { PORT_RANGE } from '../../plugins/deployers/uwsgi/ports.js';
import { recordedPorts } from '../../plugins/deployers/uwsgi/status.js';
import { emperorHome } from '../../plugins/deployers/uwsgi/settings.js';

const home = mkdtempSync(join(tmpdir(), 'hop3-uwsgi-unit-'));
const paths = createPaths(home);
const deps: PluginDeps = {
  run,
  render: createRenderer(TEMPLATES_DIR),
  log: silentReporter,
  paths,
  settings: DEFAULT_SETTINGS,
  which: () => undefined,
};
const deployer = uwsgiDeployer(deps);
const workingDir = join(home, 'apps', 'shop', 'releases', '1');

/** Values uWSGI would expand if they ever reached an ini, and that sh must keep as they are. */
const TRAP = `x$(id) %d %(chdir) @(file) 'single' "double" \`uname\` $HOME\nsecond line`;

function request(
  generation: number,
  processes: ProcessDef[],
  formation: Record<string, number> = {},
): DeployRequest {
  const artifact: BuildArtifact = {
    kind: 'generic',
    location: workingDir,
    builder: 'local',
    toolchain: 'generic',
    app: 'shop',
    buildId: 'abc',
    builtAt: '2026-01-01T00:00:00Z',
    metadata: {},
    runtime: {
      env: { FROM_BUILD: '1' },
      path: ['/opt/bin'],
      workingDir,
      processes,
      static: [],
      healthcheck: { timeoutSec: 5 },
    },
  };
  return {
    app: 'shop',
    release: 1,
    generation,
    artifact,
    env: { APP: 'shop', PATH: '/usr/bin:/bin', TRAP },
    formation,
    log: silentReporter,
  };
}

const WEB: ProcessDef = {
  name: 'web',
  kind: 'web',
  command: `node server.js --tag '$(whoami)' %n`,
};
const WSGI: ProcessDef = { name: 'wsgi', kind: 'wsgi', command: 'app:application' };
const WORKER: ProcessDef = { name: 'worker', kind: 'worker', command: 'python work.py' };
const CRON: ProcessDef = {
  name: 'cron',
  kind: 'cron',
  command: 'python cleanup.py',
  schedule: '*/5 * * * *',
};

after(() => rmSync(home, { recursive: true, force: true }));

describe('uwsgi deployer (files only)', () => {
  it('accepts builds with processes', () => {
    assert.equal(deployer.accept(request(1, [WEB]).artifact), true);
    assert.equal(deployer.accept(request(1, []).artifact), false);
  });

  it('writes one vassal per instance with fresh ports and no app value in any ini', async () => {
    const info = await deployer.deploy(
      request(1, [WEB, WORKER, CRON], { web: 2, worker: 0, cron: 3 }),
    );
    assert.deepEqual(readdirSync(vassalDir(paths, 'shop')).sort(), [
      'shop.1.cron.1.ini',
      'shop.1.web.1.ini',
      'shop.1.web.2.ini',
    ]);
    const ports = info.instances.flatMap((i) => (i.port === undefined ? [] : [i.port]));
    assert.equal(new Set(ports).size, 2);
    for (const p of ports) assert.ok(p >= PORT_RANGE.first && p <= PORT_RANGE.last);
    assert.deepEqual(
      info.upstreams,
      ports.map((p) => `127.0.0.1:${p}`),
    );
    assert.deepEqual([...recordedPorts(paths)].sort(), [...ports].sort());
    for (const file of readdirSync(vassalDir(paths, 'shop'))) {
      const ini = readFileSync(join(vassalDir(paths, 'shop'), file), 'utf8');
      for (const value of ['$(id)', '%d', 'single', 'whoami', 'node server.js', 'cleanup.py']) {
        assert.ok(!ini.includes(value), `${file} must not contain ${value}`);
      }
    }
  });

  it('keeps env values and the command literal through the env file and launcher (mode 0600)', async () => {
    const files = instanceFiles(paths, { app: 'shop', generation: 1, process: 'web', index: 1 });
    assert.equal(statSync(files.shellEnv).mode & 0o777, 0o600);
    const sourced = await run('/bin/sh', [
      '-c',
      '. "$1"; printf "%s|%s|%s|%s" "$TRAP" "$PORT" "$BIND_ADDRESS" "$PATH"',
      'sh',
      files.shellEnv,
    ]);
    const [trap, port, bind, path] = sourced.stdout.split('|');
    assert.equal(trap, TRAP);
    assert.match(port ?? '', /^\d+$/);
    assert.equal(bind, '127.0.0.1');
    assert.equal(path, '/opt/bin:/usr/bin:/bin');
    const launcher = readFileSync(files.launcher, 'utf8');
    const quoted = /exec \/bin\/sh -c (.*)\n$/.exec(launcher)?.[1] ?? '';
    const words = await run('/bin/sh', ['-c', `printf %s ${quoted}`]);
    // The command stays literal, exec'd so the app replaces the shell.
    assert.equal(words.stdout, execForm(WEB.command));
    assert.equal(words.stdout, `exec ${WEB.command}`);
  });

  it('writes a JSON env for wsgi instances', async () => {
    await deployer.deploy(request(2, [WSGI]));
    const files = instanceFiles(paths, { app: 'shop', generation: 2, process: 'wsgi', index: 1 });
    const env = JSON.parse(readFileSync(files.jsonEnv, 'utf8')) as Record<string, string>;
    assert.equal(env.TRAP, TRAP);
    assert.equal(env.DYNO, 'wsgi.1');
    assert.ok(!readFileSync(files.vassal, 'utf8').includes('$(id)'));
  });

  it('reports starting, crashed and running instances from their files', async () => {
    const statuses = await deployer.status('shop');
    assert.deepEqual(
      statuses.map((s) => `${s.generation}:${s.process}.${s.index}:${s.state}`),
      ['1:cron.1:starting', '1:web.1:starting', '1:web.2:starting', '2:wsgi.1:starting'],
    );
    const web1 = instanceFiles(paths, { app: 'shop', generation: 1, process: 'web', index: 1 });
    writeFileSync(web1.starts, '\n\n\n');
    writeFileSync(web1.pid, '999999999\n');
    const web2 = instanceFiles(paths, { app: 'shop', generation: 1, process: 'web', index: 2 });
    writeFileSync(web2.starts, '\n');
    writeFileSync(web2.pid, `${process.pid}\n`);
    const [, crashed, running] = await deployer.status('shop');
    assert.deepEqual([crashed?.state, crashed?.restarts, crashed?.pid], ['crashed', 2, undefined]);
    assert.deepEqual(
      [running?.state, running?.restarts, running?.pid],
      ['running', 0, process.pid],
    );
    assert.equal(running?.logFile, join(paths.logs('shop'), 'web.2.log'));
    assert.deepEqual(await deployer.status('other-app'), []);
  });

  it('reports an instance whose pid file is being written (truncated, still empty) as starting, not crashed', async () => {
    const web1 = instanceFiles(paths, { app: 'shop', generation: 1, process: 'web', index: 1 });
    writeFileSync(web1.starts, '\n');
    writeFileSync(web1.pid, '');
    const [, starting] = await deployer.status('shop');
    assert.deepEqual([starting?.state, starting?.restarts], ['starting', 0]);
    writeFileSync(web1.pid, '999999999\n');
    const [, crashed] = await deployer.status('shop');
    assert.equal(crashed?.state, 'crashed');
  });

  it('retires every generation but the kept one, and is idempotent', async () => {
    const web2 = instanceFiles(paths, { app: 'shop', generation: 1, process: 'web', index: 2 });
    rmSync(web2.pid);
    await deployer.retire('shop', 2);
    assert.deepEqual(readdirSync(vassalDir(paths, 'shop')), ['shop.2.wsgi.1.ini']);
    assert.deepEqual(readdirSync(paths.run('shop')).sort(), ['2', 'vassals']);
    await deployer.retire('shop', 2);
    await deployer.retire('shop');
    assert.deepEqual(readdirSync(vassalDir(paths, 'shop')), []);
    assert.equal(existsSync(join(paths.run('shop'), '2')), false);
    await deployer.retire('never-deployed');
  });

  it('prepares the emperor directories and ini, and declares its service', async () => {
    await deployer.prepare?.();
    assert.ok(existsSync(join(emperorHome(paths), 'uwsgi.ini')));
    assert.deepEqual(deployer.services?.(), [
      {
        name: 'hop3-emperor',
        description: 'hop3 uWSGI emperor (runs every app process)',
        command: ['/usr/bin/uwsgi', '--ini', join(emperorHome(paths), 'uwsgi.ini')],
        stopSignal: 'SIGINT',
        pidFile: join(emperorHome(paths), 'emperor.pid'),
      },
    ]);
  });
});
