// The static and generic toolchains' builds: a checked static directory, Procfile commands as they are.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import generic from '../../plugins/toolchains/generic/index.js';
import staticSite from '../../plugins/toolchains/static/index.js';
import { appConfig, loadToolchain, testBuild } from '../helpers/build-context.js';

const root = mkdtempSync(join(tmpdir(), 'hop3-static-unit-'));
after(() => rmSync(root, { recursive: true, force: true }));

function context(name: 'static' | 'generic', procfile: string) {
  const toolchain = loadToolchain(name === 'static' ? staticSite : generic, name);
  const test = testBuild({
    home: root,
    app: 'site',
    release: 1,
    dir: root,
    toolchain,
    config: appConfig(procfile),
  });
  return { ...test, build: () => toolchain.build(test.ctx) };
}

describe('static toolchain build', () => {
  it('serves the Procfile directory at /', async () => {
    mkdirSync(join(root, 'public'), { recursive: true });
    const artifact = await context('static', 'static: public\n').build();
    assert.equal(artifact.kind, 'static');
    assert.deepEqual(artifact.runtime.static, [{ url: '/', dir: join(root, 'public') }]);
    assert.deepEqual(artifact.runtime.processes, []);
  });

  it('fails with E_BUILD_FAILED naming a missing directory', async () => {
    await assert.rejects(context('static', 'static: site\n').build(), {
      code: 'E_BUILD_FAILED',
      message: /"site"/,
    });
  });

  it('fails when pinned without a static: line', async () => {
    await assert.rejects(context('static', 'web: ./run\n').build(), {
      code: 'E_BUILD_FAILED',
      hint: /static: public/,
    });
  });
});

describe('generic toolchain build', () => {
  it('runs the Procfile processes without installing anything', async () => {
    const test = context('generic', 'web: python3 -u server.py\nworker: sh worker.sh\n');
    const artifact = await test.build();
    assert.equal(artifact.kind, 'generic');
    assert.deepEqual(
      artifact.runtime.processes.map((p) => p.name),
      ['web', 'worker'],
    );
    assert.deepEqual(test.calls, []);
  });
});
