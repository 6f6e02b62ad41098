import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { AppSandbox, FileOp } from '../../lib/identity/app-sandbox.js';
import { createReporter } from '../../lib/output/reporter.js';
import { createPaths } from '../../lib/paths.js';
import { runRelease, type Change } from '../../lib/pipeline/lifecycle.js';
import type { Services } from '../../lib/pipeline/services.js';
import { createRegistry } from '../../lib/plugins/registry.js';
import { DEFAULT_SETTINGS } from '../../lib/settings.js';
import { openState } from '../../lib/state/index.js';
import { acquireLock } from '../../lib/state/lock.js';

const root = mkdtempSync(join(tmpdir(), 'hop3-lifecycle-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** Services over a fresh home; the sandbox records the file operations it is asked for. */
function services(name: string): { s: Services; ops: FileOp[] } {
  const paths = createPaths(join(root, name));
  mkdirSync(paths.home, { recursive: true });
  const ops: FileOp[] = [];
  const sandbox = {
    home: paths.home,
    files: (list: FileOp[]) => Promise.resolve(void ops.push(...list)),
  } as unknown as AppSandbox;
  const s = {
    paths,
    settings: { ...DEFAULT_SETTINGS, hop3Command: '/bin/true' },
    state: openState(join(paths.home, 'hop3.db')),
    plugins: createRegistry([]),
    run: () => Promise.reject(new Error('no commands here')),
    sandbox: () => sandbox,
  } as unknown as Services;
  return { s, ops };
}

const log = createReporter({ write: () => undefined });

/** A change whose stages fail with `message`. */
function failing(s: Services, build: 'new' | number, message: string): Change<void> {
  return {
    app: 'web',
    what: 'a test',
    log,
    plan: () => ({
      app: s.state.apps.ensure('web'),
      record: { gitSha: null, description: 'test', config: { A: '1' } },
      build,
    }),
    prepare: (r) => {
      r.stage('build');
      mkdirSync(r.dir, { recursive: true });
      return Promise.reject(new Error(message));
    },
    done: () => undefined,
  };
}

describe('the release lifecycle', () => {
  it('does nothing (and records nothing) when the plan says so, and frees the lock', async () => {
    const { s } = services('a');
    const result = await runRelease(s, {
      app: 'web',
      what: 'a test',
      log,
      plan: () => null,
      prepare: () => Promise.reject(new Error('not run')),
      done: () => 1,
    });
    assert.equal(result, undefined);
    acquireLock(s.paths.locks, 'web', 'a check').release();
  });

  it('fails a new build: the release is failed with the error and its directory discarded', async () => {
    const { s, ops } = services('b');
    await assert.rejects(runRelease(s, failing(s, 'new', 'build broke')), /build broke/);
    const release = s.state.releases.list(s.state.apps.get('web').id)[0];
    assert.ok(release);
    assert.equal(release.status, 'failed');
    assert.equal(release.error, 'build broke');
    assert.equal(release.stage, 'build');
    assert.deepEqual(
      ops.map((o) => o.op),
      ['stop-processes', 'remove'],
    );
    assert.equal(
      existsSync(join(s.paths.locks, 'web.activity.json')),
      false,
      'the watcher record is gone',
    );
    acquireLock(s.paths.locks, 'web', 'a check').release();
  });

  it('fails a release of an existing build without touching the build', async () => {
    const { s, ops } = services('c');
    await assert.rejects(runRelease(s, failing(s, 3, 'restart broke')), /restart broke/);
    const release = s.state.releases.list(s.state.apps.get('web').id)[0];
    assert.ok(release);
    assert.equal(release.status, 'failed');
    assert.equal(release.buildNumber, 3);
    assert.equal(release.stage, null, 'stages are recorded for new builds only');
    assert.deepEqual(ops, []);
  });
});
