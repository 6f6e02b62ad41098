// The toolchain contract for the go toolchain (go-app compiles with go build; an undefined name breaks it), then
// a cold and a cached build of go-app and its binary answering as the default web process.
import assert from 'node:assert/strict';
import { after, describe, it, type TestContext } from 'node:test';
import go from '../../plugins/toolchains/go/index.js';
import {
  answerOfWeb,
  commandLines,
  sampleBuilder,
  type SampleBuild,
} from '../helpers/compiled-app.js';
import { toolchainContract } from '../contracts/toolchain.js';

toolchainContract({
  toolchain: go,
  name: 'go',
  sample: 'go-app',
  kind: 'go',
  broken: { 'main.go': 'package main\n\nfunc main() {\n\tundefinedThing()\n}\n' },
  brokenMessage: /main\.go:4:2: undefined: undefinedThing/,
});

describe('go-app: cold and cached builds, and the binary as web', () => {
  const builder = sampleBuilder(go, 'go', 'go-app');
  after(() => builder.cleanup());
  let cold: SampleBuild;

  it('builds bin/go-app cold and runs it as the default web process', async (t: TestContext) => {
    cold = await builder.build(1);
    t.diagnostic(`go-app cold build: ${cold.ms.toFixed(0)} ms`);
    assert.deepEqual(commandLines(cold), ['go version', 'go build -o bin/ ./...']);
    assert.match(cold.output(), /go\.mod requires no other modules/);
    assert.deepEqual(cold.artifact.runtime.processes, [
      { name: 'web', kind: 'web', command: 'bin/go-app' },
    ]);
    assert.deepEqual(cold.artifact.metadata.binaries, ['go-app']);
    assert.equal(await answerOfWeb(cold.artifact, { GREETING: 'hi' }), 'go-app: hi v1\n');
  });

  it('reuses the module and build caches on the next build', async (t: TestContext) => {
    const warm = await builder.build(2);
    t.diagnostic(`go-app cached build: ${warm.ms.toFixed(0)} ms (cold: ${cold.ms.toFixed(0)} ms)`);
    assert.match(warm.output(), /Reusing the module cache \(cache key [0-9a-f]{16}\)/);
    assert.equal(warm.artifact.metadata.cacheHit, true);
    assert.equal(await answerOfWeb(warm.artifact), 'go-app: hello v1\n');
  });
});
