// The toolchain contract for the clojure toolchain (clojure-lein builds an uberjar with Leiningen, offline against
// Debian's Maven repository; clojure-deps compiles with Debian's clojure; an unresolvable symbol breaks both),
// then cold and cached builds of each and the default web process answering.
import assert from 'node:assert/strict';
import { after, describe, it, type TestContext } from 'node:test';
import clojure from '../../plugins/toolchains/clojure/index.js';
import {
  answerOfWeb,
  commandLines,
  sampleBuilder,
  type SampleBuild,
} from '../helpers/compiled-app.js';
import { toolchainContract } from '../contracts/toolchain.js';

const brokenCore = (ns: string): string =>
  `(ns ${ns}.core\n  (:gen-class))\n\n(defn -main [& _]\n  (undefined-fn))\n`;
const unresolved = (file: string): RegExp =>
  new RegExp(
    `Syntax error compiling at \\(${file}:5:3\\)\\.\\s+Unable to resolve symbol: undefined-fn in this context`,
  );

toolchainContract({
  toolchain: clojure,
  name: 'clojure',
  sample: 'clojure-lein',
  kind: 'clojure',
  broken: { 'src/clojure_lein/core.clj': brokenCore('clojure-lein') },
  brokenMessage: unresolved('clojure_lein/core\\.clj'),
});

toolchainContract({
  toolchain: clojure,
  name: 'clojure',
  sample: 'clojure-deps',
  kind: 'clojure',
  broken: { 'src/clojure_deps/core.clj': brokenCore('clojure-deps') },
  brokenMessage: unresolved('clojure_deps/core\\.clj'),
});

describe('clojure-lein: cold and cached builds, and the uberjar as web', () => {
  const builder = sampleBuilder(clojure, 'clojure', 'clojure-lein');
  after(() => builder.cleanup());
  let cold: SampleBuild;

  it('builds target/uberjar/clojure-lein-1.0.0-standalone.jar and runs it with java -jar', async (t: TestContext) => {
    cold = await builder.build(1);
    t.diagnostic(`clojure-lein cold build: ${cold.ms.toFixed(0)} ms`);
    assert.deepEqual(commandLines(cold), ['java -version', 'lein uberjar']);
    assert.equal(cold.calls[1]?.options.env?.LEIN_OFFLINE, undefined);
    const command = 'java -jar target/uberjar/clojure-lein-1.0.0-standalone.jar';
    assert.deepEqual(cold.artifact.runtime.processes, [{ name: 'web', kind: 'web', command }]);
    assert.equal(await answerOfWeb(cold.artifact, { GREETING: 'hi' }), 'clojure-lein: hi v1\n');
  });

  it('builds offline (LEIN_OFFLINE) when project.clj is unchanged', async (t: TestContext) => {
    const warm = await builder.build(2);
    t.diagnostic(
      `clojure-lein cached build: ${warm.ms.toFixed(0)} ms (cold: ${cold.ms.toFixed(0)} ms)`,
    );
    assert.equal(warm.calls[1]?.options.env?.LEIN_OFFLINE, 'true');
    assert.match(
      warm.output(),
      /Reusing the Maven repository \(cache key [0-9a-f]{16}\): building offline/,
    );
    assert.equal(await answerOfWeb(warm.artifact), 'clojure-lein: hello v1\n');
  });
});

describe("clojure-deps: compiled and run with Debian's clojure", () => {
  const builder = sampleBuilder(clojure, 'clojure', 'clojure-deps');
  after(() => builder.cleanup());

  it('AOT-compiles the main namespace and runs it with clojure -m', async (t: TestContext) => {
    const built = await builder.build(1);
    t.diagnostic(`clojure-deps build: ${built.ms.toFixed(0)} ms`);
    assert.equal(
      commandLines(built)[2],
      'clojure -cp target/classes:src -e (binding [*compile-path* "target/classes"] (compile \'clojure-deps.core))',
    );
    const command = 'clojure -cp target/classes:src -m clojure-deps.core';
    assert.deepEqual(built.artifact.runtime.processes, [{ name: 'web', kind: 'web', command }]);
    assert.equal(await answerOfWeb(built.artifact, { GREETING: 'hi' }), 'clojure-deps: hi v1\n');
  });
});
