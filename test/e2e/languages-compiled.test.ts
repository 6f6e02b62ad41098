// The compiled-language samples pushed over real ssh and served through nginx: each answers, a compile error is
// refused with the compiler's own words while the previous release keeps answering, and a fixed push that leaves
// the dependencies unchanged reuses their cache.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it, type TestContext } from 'node:test';
import {
  appName,
  destroy,
  errorLines,
  get,
  hostOf,
  requireE2eEnvironment,
  workingCopy,
} from './helpers.js';

before(requireE2eEnvironment);

interface Sample {
  fixture: string;
  detected: RegExp;
  /** The file the broken push rewrites, and what it writes. */
  file: string;
  broken: string;
  /** The compiler's own words for that error. */
  compiler: RegExp;
  /** Printed by the fixed push: the dependency cache was reused. */
  reused: RegExp;
}

const brokenJava =
  'package hop3.sample;\n\npublic final class Main {\n  public static void main(String[] args) {\n    System.out.println("no semicolon")\n  }\n}\n';
const brokenClojure = (ns: string): string =>
  `(ns ${ns}.core\n  (:gen-class))\n\n(defn -main [& _]\n  (undefined-fn))\n`;
const unresolved = (file: string): RegExp =>
  new RegExp(
    `Syntax error compiling at \\(${file}:5:3\\)\\.[\\s\\S]*Unable to resolve symbol: undefined-fn in this context`,
  );

const samples: Sample[] = [
  {
    fixture: 'go-app',
    detected: /Go app detected \(go\.mod\)/,
    file: 'main.go',
    broken: 'package main\n\nfunc main() {\n\tundefinedThing()\n}\n',
    compiler: /main\.go:4:2: undefined: undefinedThing/,
    reused: /Reusing the module cache/,
  },
  {
    fixture: 'rust-app',
    detected: /Rust app detected \(Cargo\.toml\)/,
    file: 'src/main.rs',
    broken: 'fn main() {\n    let port: u16 = "5000";\n}\n',
    compiler: /error\[E0308\]: mismatched types/,
    reused: /Reusing the downloaded crates/,
  },
  {
    fixture: 'java-maven',
    detected: /Java app detected \(pom\.xml\)/,
    file: 'src/main/java/hop3/sample/Main.java',
    broken: brokenJava,
    compiler: /Main\.java:\[5,39\] ';' expected/,
    reused: /Reusing the Maven repository .*: building offline/,
  },
  {
    fixture: 'java-gradle',
    detected: /Java app detected \(build\.gradle\)/,
    file: 'src/main/java/hop3/sample/Main.java',
    broken: brokenJava,
    compiler: /Main\.java:5: error: ';' expected/,
    reused: /Reusing the Gradle cache .*: building offline/,
  },
  {
    fixture: 'clojure-lein',
    detected: /Clojure app detected \(project\.clj\)/,
    file: 'src/clojure_lein/core.clj',
    broken: brokenClojure('clojure-lein'),
    compiler: unresolved('clojure_lein/core\\.clj'),
    reused: /Reusing the Maven repository .*: building offline/,
  },
  {
    fixture: 'clojure-deps',
    detected: /Clojure app detected \(deps\.edn\)/,
    file: 'src/clojure_deps/core.clj',
    broken: brokenClojure('clojure-deps'),
    compiler: unresolved('clojure_deps/core\\.clj'),
    reused: /no dependencies beyond Clojure/,
  },
];

for (const sample of samples) {
  describe(`${sample.fixture}: pushed, served through nginx, guarded against a compile error`, () => {
    it("deploys, refuses a broken push with the compiler's words, then redeploys from the cache", async (t: TestContext) => {
      const app = appName(sample.fixture.replace(/[^a-z0-9]/g, ''));
      const wc = await workingCopy(sample.fixture, app);
      try {
        let started = Date.now();
        const push = await wc.push();
        t.diagnostic(`${sample.fixture} first push: ${Date.now() - started} ms`);
        assert.equal(push.code, 0, push.stderr);
        assert.match(push.stderr, sample.detected);
        assert.match(push.stderr, /-----> Deployed/);
        const v1 = await get(hostOf(app));
        assert.equal(v1.status, 200, v1.body);
        assert.equal(v1.body, `${sample.fixture}: hello v1\n`);

        const original = readFileSync(join(wc.dir, sample.file), 'utf8');
        await wc.commit({ [sample.file]: sample.broken, VERSION: 'v2\n' }, 'break the build');
        const refused = await wc.push();
        assert.notEqual(refused.code, 0, 'the broken push must fail');
        assert.match(refused.stderr, /pre-receive hook declined/);
        assert.match(refused.stderr, sample.compiler, "the compiler's own words reach the pusher");
        const errors = errorLines(refused.stderr).filter((l) => !/^ ! {5}(hint:| {2})/.test(l));
        assert.equal(errors.length, 1, errors.join('\n'));
        assert.match(errors[0] ?? '', /build failed/);
        assert.equal(
          (await get(hostOf(app))).body,
          `${sample.fixture}: hello v1\n`,
          'the previous release keeps answering',
        );

        await wc.commit({ [sample.file]: original, VERSION: 'v2\n' }, 'fix the build');
        started = Date.now();
        const fixed = await wc.push();
        t.diagnostic(
          `${sample.fixture} push with unchanged dependencies: ${Date.now() - started} ms`,
        );
        assert.equal(fixed.code, 0, fixed.stderr);
        assert.match(fixed.stderr, sample.reused);
        assert.equal((await get(hostOf(app))).body, `${sample.fixture}: hello v2\n`);
      } finally {
        wc.cleanup();
        await destroy(app);
      }
    });
  });
}
