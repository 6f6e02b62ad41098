// The static deployer: accepts process-less sites with static paths and starts nothing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPaths } from '../../lib/paths.js';
import { run } from '../../lib/proc/run.js';
import { silentReporter } from '../../lib/output/reporter.js';
import type { BuildArtifact, PluginDeps } from '../../lib/sdk.js';
import { DEFAULT_SETTINGS } from '../../lib/settings.js';
import staticDeployer from '../../plugins/deployers/static/index.js';

const deps: PluginDeps = {
  run,
  render: () => '',
  log: silentReporter,
  paths: createPaths('/nonexistent'),
  settings: DEFAULT_SETTINGS,
  which: () => undefined,
};

function artifact(processes: BuildArtifact['runtime']['processes'], dirs: string[]): BuildArtifact {
  return {
    kind: 'static',
    location: '/srv/site',
    builder: 'local',
    toolchain: 'static',
    app: 'site',
    buildId: 'abc',
    builtAt: '2026-01-01T00:00:00Z',
    metadata: {},
    runtime: { env: {}, path: [], workingDir: '/srv/site', processes, static: dirs.map((d) => ({ url: '/', dir: d })), healthcheck: { timeoutSec: 5 } },
  };
}

describe('static deployer', () => {
  const deployer = staticDeployer(deps);

  it('accepts only builds with static paths and no process', () => {
    assert.equal(deployer.accept(artifact([], ['/srv/site/public'])), true);
    assert.equal(deployer.accept(artifact([], [])), false);
    assert.equal(deployer.accept(artifact([{ name: 'web', kind: 'web', command: 'x' }], ['/srv/site/public'])), false);
  });

  it('deploys nothing and has nothing to retire or report', async () => {
    const request = { app: 'site', release: 3, generation: 9, artifact: artifact([], ['/srv/site']), env: {}, formation: {}, log: silentReporter };
    assert.deepEqual(await deployer.deploy(request), { deployer: 'static', release: 3, generation: 9, instances: [], upstreams: [] });
    await deployer.retire('site', 9);
    await deployer.retire('site');
    assert.deepEqual(await deployer.status('site'), []);
  });
});
