// The contract every builder passes: it accepts a plain app (or says why not in one line), runs the
// toolchain it is given in a real build context, returns the toolchain's artifact stamped with its own
// name, and lets a toolchain's failure through unchanged (E_BUILD_FAILED with the tool's words).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  Hop3Error,
  type Builder,
  type LoadedToolchain,
  type PluginDefinition,
  type PluginDeps,
} from '../../lib/sdk.js';
import { appConfig, pluginDeps, testBuild, type TestBuild } from '../helpers/build-context.js';
import { checkDefinition } from './plugin.js';

/** What one builder's contract run needs. */
export interface BuilderContractSpec {
  builder: PluginDefinition<Builder>;
  /** Its name (its folder under plugins/builders). */
  name: string;
  /** Its dependencies (default: the test ones, real command runner). */
  deps?: (home: string) => PluginDeps;
}

/** A toolchain that writes out/built.txt with a real command and returns ctx.artifact(). */
const writer: LoadedToolchain = {
  name: 'contract',
  priority: 1,
  detect: () => ({ reason: 'test' }),
  async build(ctx) {
    await ctx.run('sh', ['-c', 'mkdir -p out && echo built > out/built.txt']);
    return ctx.artifact({ kind: 'generic', metadata: { by: 'contract' } });
  },
};

/** A toolchain whose build fails the way the toolkit's runStep fails. */
const failing: LoadedToolchain = {
  ...writer,
  build: () =>
    Promise.reject(
      new Hop3Error('E_BUILD_FAILED', 'contract build failed: broken.c:1: error', {
        hint: 'fix it',
      }),
    ),
};

/** Registers the contract tests of one builder (node:test). */
export function builderContract(spec: BuilderContractSpec): void {
  describe(`${spec.name} builder contract`, () => {
    const home = mkdtempSync(join(tmpdir(), `hop3-contract-builder-${spec.name}-`));
    after(() => rmSync(home, { recursive: true, force: true }));
    const builder = spec.builder(spec.deps ? spec.deps(home) : pluginDeps(undefined, home));
    let release = 0;

    function build(toolchain: LoadedToolchain): TestBuild {
      release += 1;
      const dir = join(home, 'apps', 'app', 'releases', String(release));
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'Procfile'), 'web: true\n');
      return testBuild({
        home,
        app: 'app',
        release,
        dir,
        toolchain,
        config: appConfig('web: true\n'),
        builder: spec.name,
      });
    }

    it(`is a builder plugin named ${spec.name} with every member`, () => {
      checkDefinition(spec.builder, 'builder', spec.name, builder);
    });

    it('accepts a plain app, or says why not in one line', () => {
      const reason = builder.reject(build(writer).ctx);
      if (reason !== undefined) assert.match(reason, /^[^\n]+$/);
      assert.equal(reason, undefined, `${spec.name} refuses a plain app: ${reason ?? ''}`);
    });

    it("runs the toolchain in the context and returns its artifact stamped with the builder's name", async () => {
      const { ctx } = build(writer);
      let seen: unknown;
      const artifact = await builder.build(ctx, {
        ...writer,
        build: (c) => ((seen = c), writer.build(c)),
      });
      assert.equal(seen, ctx, 'the toolchain got another context');
      assert.equal(readFileSync(join(ctx.sourceDir, 'out', 'built.txt'), 'utf8'), 'built\n');
      assert.equal(artifact.builder, spec.name);
      assert.equal(artifact.toolchain, 'contract');
      assert.equal(artifact.app, 'app');
      assert.equal(artifact.kind, 'generic');
      assert.deepEqual(artifact.metadata, { by: 'contract' });
      assert.equal(artifact.runtime.workingDir, artifact.location);
      assert.deepEqual(artifact.runtime.processes, [{ name: 'web', kind: 'web', command: 'true' }]);
      assert.deepEqual(
        JSON.parse(JSON.stringify(artifact)),
        artifact,
        'the artifact survives a JSON round trip',
      );
    });

    it("lets the toolchain's failure through unchanged", async () => {
      const { ctx } = build(failing);
      await assert.rejects(builder.build(ctx, failing), {
        code: 'E_BUILD_FAILED',
        message: 'contract build failed: broken.c:1: error',
      });
    });
  });
}
