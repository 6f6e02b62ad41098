// The toolchain contract for the rust toolchain (rust-app compiles with cargo build --release; a type error
// breaks it), then a cold and a cached build of rust-app and its binary answering as the default web process.
import assert from 'node:assert/strict';
import { after, describe, it, type TestContext } from 'node:test';
import rust from '../../plugins/toolchains/rust/index.js';
import {
  answerOfWeb,
  commandLines,
  sampleBuilder,
  type SampleBuild,
} from '../helpers/compiled-app.js';
import { toolchainContract } from '../contracts/toolchain.js';

toolchainContract({
  toolchain: rust,
  name: 'rust',
  sample: 'rust-app',
  kind: 'rust',
  broken: { 'src/main.rs': 'fn main() {\n    let port: u16 = "5000";\n}\n' },
  brokenMessage: /error\[E0308\]: mismatched types/,
});

describe('rust-app: cold and cached builds, and the binary as web', () => {
  const builder = sampleBuilder(rust, 'rust', 'rust-app');
  after(() => builder.cleanup());
  let cold: SampleBuild;

  it('fetches, builds target/release/rust-app and runs it as the default web process', async (t: TestContext) => {
    cold = await builder.build(1);
    t.diagnostic(`rust-app cold build: ${cold.ms.toFixed(0)} ms`);
    assert.deepEqual(commandLines(cold), [
      'rustc --version',
      'cargo fetch',
      'cargo build --release --offline',
    ]);
    assert.deepEqual(cold.artifact.runtime.processes, [
      { name: 'web', kind: 'web', command: 'target/release/rust-app' },
    ]);
    assert.equal(await answerOfWeb(cold.artifact, { GREETING: 'hi' }), 'rust-app: hi v1\n');
  });

  it('does not fetch again when Cargo.lock is unchanged', async (t: TestContext) => {
    const warm = await builder.build(2);
    t.diagnostic(
      `rust-app cached build: ${warm.ms.toFixed(0)} ms (cold: ${cold.ms.toFixed(0)} ms)`,
    );
    assert.deepEqual(commandLines(warm), ['rustc --version', 'cargo build --release --offline']);
    assert.match(warm.output(), /Reusing the downloaded crates \(cache key [0-9a-f]{16}\)/);
    assert.equal(await answerOfWeb(warm.artifact), 'rust-app: hello v1\n');
  });
});
