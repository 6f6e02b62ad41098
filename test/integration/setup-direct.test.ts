// Resident services without systemd: started detached once, left alone while current, restarted on change.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createReporter } from '../../lib/output/reporter.js';
import { createPaths } from '../../lib/paths.js';
import { isAlive, processArgv, stopProcess } from '../../lib/proc/pids.js';
import { run } from '../../lib/proc/run.js';
import { spawnDetached } from '../../lib/proc/spawn-detached.js';
import type { ServiceSpec } from '../../lib/sdk.js';
import { DEFAULT_SETTINGS } from '../../lib/settings.js';
import { SYSTEM_FILES, type SetupContext } from '../../lib/setup/context.js';
import { ensureDirectService, type ServiceState } from '../../lib/setup/direct.js';
import { serviceLogDir, serviceStateDir } from '../../lib/setup/layout.js';
import { createRenderer } from '../../lib/templates/render.js';
import { TEMPLATES_DIR } from '../../lib/install-root.js';

describe('direct services', () => {
  const home = mkdtempSync(join(tmpdir(), 'hop3-direct-'));
  const paths = createPaths(home);
  mkdirSync(serviceLogDir(paths));
  mkdirSync(serviceStateDir(paths));
  // A unique argument makes the process easy to recognise (GNU sleep adds its arguments up).
  const marker = `0.${process.pid}`;
  const spec: ServiceSpec = {
    name: 'hop3-test-sleeper',
    description: 'test',
    command: ['/bin/sleep', '300', marker],
  };
  const lines: string[] = [];
  const ctx: SetupContext = {
    paths,
    settings: DEFAULT_SETTINGS,
    log: createReporter({ write: (chunk: string) => lines.push(chunk) }),
    run,
    render: createRenderer(TEMPLATES_DIR),
    user: {
      name: 'me',
      uid: process.getuid?.() ?? 0,
      gid: process.getgid?.() ?? 0,
      home,
      shell: '/bin/sh',
    },
    manager: 'direct',
    system: SYSTEM_FILES,
    changes: [],
  };
  const state = (): ServiceState =>
    JSON.parse(
      readFileSync(join(serviceStateDir(paths), `${spec.name}.json`), 'utf8'),
    ) as ServiceState;
  after(async () => {
    const { pid } = state();
    if (isAlive(pid)) await stopProcess(pid, 'SIGKILL', 2000);
    rmSync(home, { recursive: true, force: true });
  });

  it('starts the service detached, in its own session, and records it', async () => {
    await ensureDirectService({ ...ctx, changes: [] }, spec, 'v1');
    const { pid, stamp } = state();
    assert.equal(stamp, 'v1');
    assert.deepEqual(processArgv(pid), spec.command);
    const sid = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[3];
    assert.equal(Number(sid), pid, 'the service leads its own session');
  });

  it('leaves a current service alone', async () => {
    const before = state().pid;
    const changes: string[] = [];
    await ensureDirectService({ ...ctx, changes }, spec, 'v1');
    assert.equal(state().pid, before);
    assert.deepEqual(changes, []);
    assert.match(lines.join(''), /hop3-test-sleeper: ok \(running, pid \d+\)/);
  });

  it('restarts it when hop3 changed, and starts it again when it died', async () => {
    const old = state().pid;
    await ensureDirectService({ ...ctx, changes: [] }, spec, 'v2');
    assert.notEqual(state().pid, old);
    assert.equal(processArgv(old), undefined, 'the old process is gone');
    process.kill(state().pid, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const changes: string[] = [];
    await ensureDirectService({ ...ctx, changes }, spec, 'v2');
    assert.deepEqual(changes, ['hop3-test-sleeper started']);
    assert.deepEqual(processArgv(state().pid), spec.command);
  });

  it('reports a service that exits at once, with the end of its log', async () => {
    const logFile = join(serviceLogDir(paths), 'broken.log');
    await assert.rejects(
      spawnDetached(['/bin/sh', '-c', 'echo "cannot bind port"; exit 3'], {
        cwd: home,
        env: { PATH: '/usr/bin:/bin' },
        logFile,
        readLog: () => readFileSync(logFile, 'utf8'),
      }),
      (error: Error & { code?: string; details?: string }) =>
        error.code === 'E_START_FAILED' &&
        /exited with code 3/.test(error.message) &&
        error.details === 'cannot bind port',
    );
  });
});
