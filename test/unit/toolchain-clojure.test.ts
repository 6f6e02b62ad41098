// The clojure toolchain: detection, Leiningen's profile and environment, deps.edn facts and checks, error lines,
// and its builds' command lines and cache use with a fake runner (no JVM needed).
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Hop3Error } from '../../lib/sdk.js';
import {
  checkDepsEdn,
  classPath,
  compileExpression,
  parseDepsFacts,
} from '../../plugins/toolchains/clojure/deps-edn.js';
import clojure from '../../plugins/toolchains/clojure/index.js';
import { clojureErrors, leinEnv, leinProfiles } from '../../plugins/toolchains/clojure/lein.js';
import { appConfig, fakeSource, pluginDeps } from '../helpers/build-context.js';
import { fakeRun, fileBuild, type FakeOutcome } from '../helpers/compiled-app.js';

const root = mkdtempSync(join(tmpdir(), 'hop3-clojure-unit-'));
after(() => rmSync(root, { recursive: true, force: true }));
const toolchain = clojure(pluginDeps());
const bin = join(root, 'bin');
mkdirSync(bin);
for (const t of ['lein', 'clojure']) {
  writeFileSync(join(bin, t), '#!/bin/sh\n');
  chmodSync(join(bin, t), 0o755);
}
const env = { HOME: root, PATH: bin, LANG: 'C.UTF-8' };
const lines = (b: { calls: { file: string; args: readonly string[] }[] }): string[] =>
  b.calls.map((c) => [c.file, ...c.args].join(' '));

/** A fake JVM: `lein uberjar` writes the jars; `clojure -e` answers with `facts`. */
function fakeClojure(
  jars: Record<string, string[]>,
  facts = '',
  onBuild: () => FakeOutcome | undefined = () => undefined,
) {
  return fakeRun((file, args, cwd) => {
    if (file === 'java') return { stdout: '', lines: [] };
    if (file === 'clojure' && args[0] === '-e') return { stdout: facts };
    const failure = onBuild();
    if (failure) return failure;
    for (const [dir, names] of Object.entries(jars)) {
      mkdirSync(join(cwd, dir), { recursive: true });
      for (const n of names) writeFileSync(join(cwd, dir, n), '');
    }
    return undefined;
  });
}

describe('clojure detection', () => {
  it('claims project.clj, then deps.edn, with priority 66 (above java: lein projects often carry a pom.xml)', () => {
    const detect = (files: Record<string, string>) =>
      toolchain.detect(fakeSource(files), appConfig());
    assert.deepEqual(detect({ 'project.clj': '' }), { reason: 'project.clj' });
    assert.deepEqual(detect({ 'deps.edn': '{}' }), { reason: 'deps.edn' });
    assert.deepEqual(detect({ 'deps.edn': '{}', 'project.clj': '' }), { reason: 'project.clj' });
    assert.equal(detect({ 'core.clj': '' }), null);
    assert.equal(toolchain.priority, 66);
    assert.deepEqual(toolchain.requires, ['java']);
  });
});

describe('Leiningen', () => {
  it("writes a user profile with the local repository and, when installed, Debian's repository", () => {
    assert.equal(
      leinProfiles('/c/repository', '/usr/share/maven-repo'),
      ';; Written by hop3 for this app\'s builds.\n{:user {:local-repo "/c/repository"\n        :repositories [["debian" {:url "file:///usr/share/maven-repo" :checksum :ignore :snapshots false}]]}}\n',
    );
    assert.equal(
      leinProfiles('/c/"q"', undefined),
      ';; Written by hop3 for this app\'s builds.\n{:user {:local-repo "/c/\\"q\\""}}\n',
    );
  });

  it('sets LEIN_HOME, silences the user-repository warning, and LEIN_OFFLINE only when cached', () => {
    const online = leinEnv({ env: { PATH: '/usr/bin' } }, '/c/lein-home', false);
    assert.equal(online.LEIN_HOME, '/c/lein-home');
    assert.equal(online.LEIN_SUPPRESS_USER_LEVEL_REPO_WARNINGS, '1');
    assert.equal(online.LEIN_OFFLINE, undefined);
    assert.equal(leinEnv({ env: {} }, '/c/lein-home', true).LEIN_OFFLINE, 'true');
  });

  it("keeps Clojure's syntax errors with their cause (once), else dependency failures", () => {
    const out =
      'Compiling app.core\nSyntax error compiling at (app/core.clj:9:3).\nSyntax error compiling at (app/core.clj:9:3).\nUnable to resolve symbol: x in this context\n\nFull report at:\n/tmp/c.edn\n';
    assert.deepEqual(clojureErrors(out, '/rel'), [
      'Syntax error compiling at (app/core.clj:9:3). Unable to resolve symbol: x in this context',
    ]);
    const deps =
      'Could not find artifact cheshire:cheshire:jar:5.12.0 in central (https://repo1.maven.org/maven2/)\nThis could be due to a typo\n';
    assert.deepEqual(clojureErrors(deps, '/rel'), [
      'Could not find artifact cheshire:cheshire:jar:5.12.0 in central (https://repo1.maven.org/maven2/)',
    ]);
  });
});

describe('deps.edn', () => {
  it('parses the facts Clojure printed and accepts Clojure-only apps with a main namespace', () => {
    const facts = parseDepsFacts('paths src resources\ndeps org.clojure/clojure\nmain my.app\n');
    assert.deepEqual(facts, {
      paths: ['src', 'resources'],
      deps: ['org.clojure/clojure'],
      main: 'my.app',
    });
    assert.deepEqual(checkDepsEdn(facts), { paths: ['src', 'resources'], main: 'my.app' });
    assert.deepEqual(parseDepsFacts('paths src\ndeps \nmain \n'), {
      paths: ['src'],
      deps: [],
      main: undefined,
    });
    assert.equal(classPath(['src', 'resources']), 'target/classes:src:resources');
    assert.equal(
      compileExpression('my.app'),
      '(binding [*compile-path* "target/classes"] (compile \'my.app))',
    );
  });

  it("refuses dependencies Debian's clojure cannot fetch, odd paths and a missing or odd main namespace", () => {
    const refuse = (facts: string, pattern: RegExp) =>
      assert.throws(
        () => checkDepsEdn(parseDepsFacts(facts)),
        (e: Hop3Error) => e.code === 'E_BUILD_FAILED' && pattern.test(e.message),
      );
    refuse(
      'paths src\ndeps org.clojure/clojure ring/ring-core\nmain a.b\n',
      /deps\.edn needs ring\/ring-core, which Debian's clojure command cannot download/,
    );
    refuse('paths ../elsewhere\ndeps \nmain a.b\n', /:paths entry "\.\.\/elsewhere"/);
    refuse('paths src\ndeps \nmain \n', /names no main namespace/);
    refuse('paths src\ndeps \nmain a.b)(System/exit\n', /names no main namespace/);
  });
});

describe('clojure build (fake JVM)', () => {
  it('builds the uberjar with lein, runs the standalone jar, and goes offline while project.clj is unchanged', async () => {
    const files = { 'project.clj': '(defproject shop "1.0.0")\n' };
    const jars = { 'target/uberjar': ['shop-1.0.0.jar', 'shop-1.0.0-standalone.jar'] };
    const first = fileBuild({
      definition: clojure,
      name: 'clojure',
      home: root,
      app: 'shop',
      release: 1,
      files,
      env,
      run: fakeClojure(jars),
    });
    const artifact = await first.build();
    assert.deepEqual(lines(first), ['java -version', 'lein uberjar']);
    assert.equal(first.calls[1]?.options.env?.LEIN_HOME, join(first.ctx.cacheDir, 'lein-home'));
    assert.deepEqual(artifact.runtime.processes, [
      { name: 'web', kind: 'web', command: 'java -jar target/uberjar/shop-1.0.0-standalone.jar' },
    ]);
    assert.equal(artifact.kind, 'clojure');
    const second = fileBuild({
      definition: clojure,
      name: 'clojure',
      home: root,
      app: 'shop',
      release: 2,
      files,
      env,
      run: fakeClojure(jars),
    });
    await second.build();
    assert.equal(second.calls[1]?.options.env?.LEIN_OFFLINE, 'true');
  });

  it('finds the standalone jar in target/ when project.clj keeps the default target path', async () => {
    const b = fileBuild({
      definition: clojure,
      name: 'clojure',
      home: root,
      app: 'flat',
      release: 1,
      files: { 'project.clj': '' },
      env,
      run: fakeClojure({ target: ['flat-0.1.jar', 'flat-0.1-standalone.jar'] }),
    });
    assert.equal(
      (await b.build()).runtime.processes[0]?.command,
      'java -jar target/flat-0.1-standalone.jar',
    );
  });

  it("compiles a deps.edn app's main namespace and runs it with clojure -m", async () => {
    const facts = 'paths src\ndeps org.clojure/clojure\nmain shop.core\n';
    const b = fileBuild({
      definition: clojure,
      name: 'clojure',
      home: root,
      app: 'deps',
      release: 1,
      files: { 'deps.edn': '{}' },
      env,
      run: fakeClojure({}, facts),
    });
    const artifact = await b.build();
    assert.deepEqual(lines(b).slice(2), [
      'clojure -cp target/classes:src -e (binding [*compile-path* "target/classes"] (compile \'shop.core))',
    ]);
    assert.deepEqual(artifact.runtime.processes, [
      { name: 'web', kind: 'web', command: 'clojure -cp target/classes:src -m shop.core' },
    ]);
  });

  it("keeps Clojure's words when the uberjar fails, and names a missing lein", async () => {
    const failing = (): FakeOutcome => ({
      lines: [
        'Syntax error compiling at (shop/core.clj:3:1).',
        'Unable to resolve symbol: nope in this context',
      ],
      exitCode: 1,
    });
    const broken = fileBuild({
      definition: clojure,
      name: 'clojure',
      home: root,
      app: 'broken',
      release: 1,
      files: { 'project.clj': '' },
      env,
      run: fakeClojure({}, '', failing),
    });
    await assert.rejects(broken.build(), (error: Hop3Error) => {
      assert.equal(error.code, 'E_BUILD_FAILED');
      assert.equal(
        error.message,
        'lein uberjar failed: Syntax error compiling at (shop/core.clj:3:1). Unable to resolve symbol: nope in this context',
      );
      return true;
    });
    const noLein = fileBuild({
      definition: clojure,
      name: 'clojure',
      home: root,
      app: 'nolein',
      release: 1,
      files: { 'project.clj': '' },
      env: { ...env, PATH: '/nonexistent' },
      run: fakeClojure({}),
    });
    await assert.rejects(
      noLein.build(),
      (error: Hop3Error) =>
        error.code === 'E_BINARY_MISSING' && /apt-get install -y leiningen/.test(error.hint ?? ''),
    );
  });
});
