// Per-generation process logs: a generation started beside a live one writes a log of its own, which
// retire renames to logs/<process>.<n>.log when it is the one kept; a failed one never mixes with it.
import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { applyFileOps } from '../../lib/identity/file-ops.js';
import { TEMPLATES_DIR } from '../../lib/install-root.js';
import { followLogs, logFiles } from '../../lib/logs/tail.js';
import { silentReporter } from '../../lib/output/reporter.js';
import { createPaths } from '../../lib/paths.js';
import { run } from '../../lib/proc/run.js';
import type { BuildArtifact, DeployRequest, PluginDeps, ProcessDef } from '../../lib/sdk.js';
import { DEFAULT_SETTINGS } from '../../lib/settings.js';
import { createRenderer } from '../../lib/templates/render.js';
import uwsgiDeployer from '../../plugins/deployers/uwsgi/index.js';
import { instanceFiles } from '../../plugins/deployers/uwsgi/layout.js';

const home = mkdtempSync(join(tmpdir(), 'hop3-uwsgi-logs-'));
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
after(() => rmSync(home, { recursive: true, force: true }));
const workingDir = join(home, 'apps', 'shop', 'releases', '1');
const WORKER: ProcessDef = { name: 'worker', kind: 'worker', command: 'sleep 60' };

function request(generation: number): DeployRequest {
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
      env: {},
      path: [],
      workingDir,
      processes: [WORKER],
      static: [],
      healthcheck: { timeoutSec: 5 },
    },
  };
  return {
    app: 'shop',
    release: generation,
    generation,
    artifact,
    env: { APP: 'shop', PATH: '/usr/bin:/bin' },
    formation: {},
    log: silentReporter,
  };
}

const key = (generation: number) => ({ app: 'shop', generation, process: 'worker', index: 1 });
const logs = paths.logs('shop');

describe('per-generation process logs (uwsgi)', () => {
  it('a first generation writes logs/worker.1.log; one beside it writes its own file', async () => {
    mkdirSync(workingDir, { recursive: true });
    await deployer.deploy(request(1));
    const first = instanceFiles(paths, key(1));
    assert.match(readFileSync(first.launcher, 'utf8'), /worker\.1\.log/);
    writeFileSync(first.logFile, 'old release line\n');
    await deployer.deploy(request(2));
    const second = instanceFiles(paths, key(2));
    assert.equal(second.generationLog, join(logs, 'worker.1.g2.log'));
    assert.ok(readFileSync(second.launcher, 'utf8').includes('worker.1.g2.log'));
    writeFileSync(second.generationLog, 'new release crashed\n');
    // A failed start reads the new generation's file: none of the old release's lines.
    const status = await deployer.status('shop');
    const g2 = status.find((s) => s.generation === 2);
    assert.equal(g2?.logFile, second.generationLog);
    assert.equal(readFileSync(g2.logFile, 'utf8'), 'new release crashed\n');
    assert.equal(status.find((s) => s.generation === 1)?.logFile, first.logFile);
    // `logs` shows the live files only.
    assert.deepEqual(
      logFiles(logs).map((f) => f.label),
      ['worker.1'],
    );
  });

  it('a failed generation (the old one kept) leaves the live log alone', async () => {
    await deployer.retire('shop', 1);
    assert.equal(readFileSync(join(logs, 'worker.1.log'), 'utf8'), 'old release line\n');
    assert.ok(existsSync(join(logs, 'worker.1.g2.log')), 'kept for a look until the next deploy');
  });

  it('the kept generation’s log becomes logs/worker.1.log; older generation logs go', async () => {
    await deployer.deploy(request(3));
    writeFileSync(instanceFiles(paths, key(3)).generationLog, 'third release line\n');
    await deployer.retire('shop', 3);
    assert.equal(readFileSync(join(logs, 'worker.1.log'), 'utf8'), 'third release line\n');
    assert.deepEqual(readdirSync(logs), ['worker.1.log']);
  });
});

describe('logs -t across a generation switch', () => {
  it('reads a log renamed over the followed one from its start, once', async () => {
    const dir = join(home, 'follow');
    mkdirSync(dir);
    writeFileSync(join(dir, 'web.1.log'), 'before\n');
    const seen: string[] = [];
    const ac = new AbortController();
    const done = followLogs(
      () => logFiles(dir),
      (label, line) => seen.push(`${label} ${line}`),
      ac.signal,
      20,
    );
    await new Promise((r) => setTimeout(r, 60));
    writeFileSync(join(dir, 'web.1.g2.log'), 'new generation started\n');
    applyFileOps(dir, [
      { op: 'rename', path: join(dir, 'web.1.g2.log'), to: join(dir, 'web.1.log') },
    ]);
    await new Promise((r) => setTimeout(r, 100));
    ac.abort();
    await done;
    assert.deepEqual(seen, ['web.1 new generation started']);
  });

  it('rename refuses anything but a regular file and stays in the directory', () => {
    const dir = join(home, 'rename');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    assert.throws(
      () => applyFileOps(dir, [{ op: 'rename', path: join(dir, 'sub'), to: join(dir, 'x') }]),
      /not a regular file/,
    );
    writeFileSync(join(dir, 'a.log'), '');
    assert.throws(
      () => applyFileOps(dir, [{ op: 'rename', path: join(dir, 'a.log'), to: '/tmp/escaped.log' }]),
      /outside/,
    );
  });
});
