// The local builder: accepts every app and returns the toolchain's artifact stamped with its name.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BuildArtifact, BuildContext, LoadedToolchain } from '../../lib/sdk.js';
import local from '../../plugins/builders/local/index.js';
import { pluginDeps } from '../helpers/build-context.js';

const artifact: BuildArtifact = {
  kind: 'generic',
  location: '/srv/app',
  builder: 'other',
  toolchain: 'generic',
  app: 'app',
  buildId: 'abc',
  builtAt: '2024-01-01T00:00:00.000Z',
  metadata: {},
  runtime: { env: {}, path: [], workingDir: '/srv/app', processes: [], static: [], healthcheck: { timeoutSec: 30 } },
};

describe('local builder', () => {
  const builder = local(pluginDeps());
  const ctx = { app: 'app' } as BuildContext;

  it('accepts every app', () => {
    assert.equal(builder.reject(ctx), undefined);
  });

  it('runs the toolchain build with the context and stamps builder "local"', async () => {
    let seen: BuildContext | undefined;
    const toolchain: LoadedToolchain = {
      name: 'generic',
      priority: 10,
      detect: () => null,
      build: (c) => {
        seen = c;
        return Promise.resolve(artifact);
      },
    };
    const built = await builder.build(ctx, toolchain);
    assert.equal(seen, ctx);
    assert.deepEqual(built, { ...artifact, builder: 'local' });
  });
});
