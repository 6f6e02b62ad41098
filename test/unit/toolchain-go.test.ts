// The go toolchain: detection, GOFLAGS and environment, which binary serves the web, and its build's command
// lines and cache use with a fake runner (no Go needed).
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Hop3Error } from '../../lib/sdk.js';
import go, { goErrors } from '../../plugins/toolchains/go/index.js';
import {
  goEnv,
  goFlags,
  modulePath,
  requiresModules,
  rootBinaryName,
  webBinary,
} from '../../plugins/toolchains/go/go-mod.js';
import { appConfig, fakeSource, pluginDeps } from '../helpers/build-context.js';
import { fakeRun, fileBuild, type FakeOutcome } from '../helpers/compiled-app.js';

const root = mkdtempSync(join(tmpdir(), 'hop3-go-unit-'));
after(() => rmSync(root, { recursive: true, force: true }));
const toolchain = go(pluginDeps());

const GO_MOD = 'module example.com/shop/api\n\ngo 1.19\n\nrequire github.com/x/y v1.2.3\n';

/** A fake go: answers `go version`, and `go build` writes the given binaries into bin/. */
function fakeGo(binaries: string[], onBuild: () => FakeOutcome | undefined = () => undefined) {
  return fakeRun((file, args, cwd) => {
    if (args[0] === 'version') return { stdout: 'go version go1.99.1 linux/amd64\n' };
    if (args[0] === 'build') {
      const failure = onBuild();
      if (failure) return failure;
      mkdirSync(join(cwd, 'bin'), { recursive: true });
      for (const b of binaries) {
        writeFileSync(join(cwd, 'bin', b), '#!/bin/sh\n');
        chmodSync(join(cwd, 'bin', b), 0o755);
      }
    }
    return undefined;
  });
}

const lines = (b: { calls: { file: string; args: readonly string[] }[] }): string[] =>
  b.calls.map((c) => [c.file, ...c.args].join(' '));

describe('go detection', () => {
  it('claims go.mod, with priority 60 and the go binary', () => {
    assert.deepEqual(toolchain.detect(fakeSource({ 'go.mod': 'module x\n' }), appConfig()), {
      reason: 'go.mod',
    });
    assert.equal(toolchain.detect(fakeSource({ 'main.go': 'package main' }), appConfig()), null);
    assert.equal(toolchain.priority, 60);
    assert.deepEqual(toolchain.requires, ['go']);
  });
});

describe('go.mod and environment', () => {
  it('reads the module path and whether other modules are required', () => {
    assert.equal(modulePath(GO_MOD), 'example.com/shop/api');
    assert.equal(modulePath('// comment\nmodule "quoted/mod"\n'), 'quoted/mod');
    assert.equal(requiresModules(GO_MOD), true);
    assert.equal(requiresModules('module x\n\ngo 1.19\n'), false);
    assert.equal(requiresModules('module x\n\nrequire (\n\ta v1\n)\n'), true);
  });

  it('adds -mod and -modcacherw to GOFLAGS unless the app sets them', () => {
    assert.equal(goFlags(undefined, false), '-mod=mod -modcacherw');
    assert.equal(goFlags(undefined, true), '-mod=vendor -modcacherw');
    assert.equal(goFlags('-tags=prod', false), '-tags=prod -mod=mod -modcacherw');
    assert.equal(goFlags('-mod=readonly -modcacherw', false), '-mod=readonly -modcacherw');
  });

  it('keeps modules and the build cache in the app cache; static binaries and the local Go unless configured', () => {
    const env = goEnv({ cacheDir: '/c', env: { PATH: '/usr/bin', GOPROXY: 'off' } }, false);
    assert.equal(env.GOPATH, '/c/gopath');
    assert.equal(env.GOCACHE, '/c/build-cache');
    assert.equal(env.CGO_ENABLED, '0');
    assert.equal(env.GOTOOLCHAIN, 'local');
    assert.equal(env.GOPROXY, 'off');
    assert.equal(goEnv({ cacheDir: '/c', env: { CGO_ENABLED: '1' } }, false).CGO_ENABLED, '1');
  });

  it('names the root binary as go build does and picks the web binary', () => {
    assert.equal(rootBinaryName('example.com/shop/api'), 'api');
    assert.equal(rootBinaryName('example.com/shop/api/v2'), 'api');
    assert.equal(rootBinaryName('hello'), 'hello');
    assert.equal(webBinary(['worker'], 'example.com/x'), 'worker');
    assert.equal(webBinary(['migrate', 'shop', 'worker'], 'example.com/shop'), 'shop');
    assert.equal(webBinary(['migrate', 'worker'], 'example.com/shop'), undefined);
  });

  it("keeps the compiler's error lines, relative to the release, else the go command's", () => {
    const out = '# example.com/x\n/rel/main.go:4:2: undefined: thing\n./util.go:9: syntax error\n';
    assert.deepEqual(goErrors(out, '/rel'), [
      'main.go:4:2: undefined: thing',
      './util.go:9: syntax error',
    ]);
    assert.deepEqual(goErrors('go: github.com/x/y@v1.2.3: missing go.sum entry\n', '/rel'), [
      'go: github.com/x/y@v1.2.3: missing go.sum entry',
    ]);
  });
});

describe('go build (fake go)', () => {
  const files = {
    'go.mod': GO_MOD,
    'go.sum': 'github.com/x/y v1.2.3 h1:abc\n',
    'main.go': 'package main\n',
  };

  it('downloads modules once per go.mod/go.sum, builds into bin/ and runs the root binary as web', async () => {
    const first = fileBuild({
      definition: go,
      name: 'go',
      home: root,
      app: 'api',
      release: 1,
      files,
      run: fakeGo(['api', 'worker']),
    });
    const artifact = await first.build();
    assert.deepEqual(lines(first), ['go version', 'go mod download', 'go build -o bin/ ./...']);
    const env = first.calls[1]?.options.env ?? {};
    assert.equal(env.GOFLAGS, '-mod=mod -modcacherw');
    assert.equal(env.GOPATH, join(first.ctx.cacheDir, 'gopath'));
    assert.equal(artifact.kind, 'go');
    assert.deepEqual(artifact.runtime.path, [join(first.dir, 'bin')]);
    assert.deepEqual(artifact.runtime.processes, [
      { name: 'web', kind: 'web', command: 'bin/api' },
    ]);
    assert.deepEqual(artifact.metadata.binaries, ['api', 'worker']);

    const second = fileBuild({
      definition: go,
      name: 'go',
      home: root,
      app: 'api',
      release: 2,
      files,
      run: fakeGo(['api']),
    });
    await second.build();
    assert.deepEqual(lines(second), ['go version', 'go build -o bin/ ./...']);
    assert.match(second.output(), /Reusing the module cache \(cache key [0-9a-f]{16}\)/);

    const changed = { ...files, 'go.sum': 'github.com/x/y v1.2.4 h1:def\n' };
    const third = fileBuild({
      definition: go,
      name: 'go',
      home: root,
      app: 'api',
      release: 3,
      files: changed,
      run: fakeGo(['api']),
    });
    await third.build();
    assert.ok(lines(third).includes('go mod download'));
  });

  it('uses vendored modules without downloading', async () => {
    const vendored = { ...files, 'vendor/modules.txt': '# github.com/x/y v1.2.3\n' };
    const b = fileBuild({
      definition: go,
      name: 'go',
      home: root,
      app: 'vendored',
      release: 1,
      files: vendored,
      run: fakeGo(['api']),
    });
    await b.build();
    assert.deepEqual(lines(b), ['go version', 'go build -o bin/ ./...']);
    assert.equal(b.calls[1]?.options.env?.GOFLAGS, '-mod=vendor -modcacherw');
  });

  it('leaves web to the Procfile when it names one, and warns when no binary can be chosen', async () => {
    const named = fileBuild({
      definition: go,
      name: 'go',
      home: root,
      app: 'named',
      release: 1,
      files,
      run: fakeGo(['api']),
      procfile: 'web: bin/api -port $PORT\n',
    });
    assert.deepEqual((await named.build()).runtime.processes, [
      { name: 'web', kind: 'web', command: 'bin/api -port $PORT' },
    ]);
    const several = fileBuild({
      definition: go,
      name: 'go',
      home: root,
      app: 'several',
      release: 1,
      files,
      run: fakeGo(['a', 'b']),
    });
    assert.deepEqual((await several.build()).runtime.processes, []);
    assert.match(
      several.output(),
      /no default web process: name the binary that serves HTTP in the Procfile \(e\.g\. "web: bin\/a"\)/,
    );
  });

  it("fails with E_BUILD_FAILED carrying the compiler's first error, and when nothing was built", async () => {
    const compileError = (): FakeOutcome => ({
      lines: ['# example.com/shop/api', './main.go:4:2: undefined: thing'],
      exitCode: 1,
    });
    const broken = fileBuild({
      definition: go,
      name: 'go',
      home: root,
      app: 'broken',
      release: 1,
      files,
      run: fakeGo([], compileError),
    });
    await assert.rejects(broken.build(), (error: Hop3Error) => {
      assert.equal(error.code, 'E_BUILD_FAILED');
      assert.equal(error.message, 'go build failed: ./main.go:4:2: undefined: thing');
      assert.match(error.hint ?? '', /previous release keeps serving/);
      return true;
    });
    assert.match(broken.output(), /\.\/main\.go:4:2: undefined: thing/);
    const pinned = fileBuild({
      definition: go,
      name: 'go',
      home: root,
      app: 'pinned',
      release: 1,
      files: { 'main.go': '' },
      run: fakeGo(['x']),
    });
    await assert.rejects(pinned.build(), (error: Hop3Error) => {
      assert.equal(error.code, 'E_BUILD_FAILED');
      assert.equal(error.message, "the go toolchain needs go.mod at the app's root");
      return true;
    });
    const library = fileBuild({
      definition: go,
      name: 'go',
      home: root,
      app: 'library',
      release: 1,
      files,
      run: fakeGo([]),
    });
    await assert.rejects(library.build(), /go build produced no binary/);
  });
});
