// The rust toolchain: detection, cargo's environment and error lines, which binary serves the web, and its build's
// command lines and crate cache with a fake runner (no Rust needed).
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Hop3Error } from '../../lib/sdk.js';
import {
  cargoEnv,
  cargoErrors,
  rootPackage,
  webBinary,
} from '../../plugins/toolchains/rust/cargo.js';
import rust from '../../plugins/toolchains/rust/index.js';
import { appConfig, fakeSource, pluginDeps } from '../helpers/build-context.js';
import { fakeRun, fileBuild, type FakeOutcome } from '../helpers/compiled-app.js';

const root = mkdtempSync(join(tmpdir(), 'hop3-rust-unit-'));
after(() => rmSync(root, { recursive: true, force: true }));
const toolchain = rust(pluginDeps());

const CARGO_TOML = '[package]\nname = "shop"\nversion = "0.1.0"\n';
const CARGO_LOCK = 'version = 3\n\n[[package]]\nname = "shop"\nversion = "0.1.0"\n';

/** A fake cargo: `cargo build` writes the binaries; `cargo metadata` describes the root package. */
function fakeCargo(
  binaries: string[],
  onBuild: () => FakeOutcome | undefined = () => undefined,
  defaultRun?: string,
) {
  return fakeRun((file, args, cwd) => {
    if (file === 'rustc') return { stdout: 'rustc 1.99.0\n' };
    if (args[0] === 'metadata') {
      const pkg = {
        name: 'shop',
        manifest_path: join(cwd, 'Cargo.toml'),
        default_run: defaultRun ?? null,
      };
      return { stdout: JSON.stringify({ packages: [pkg], workspace_root: cwd }) };
    }
    if (args[0] === 'build') {
      const failure = onBuild();
      if (failure) return failure;
      const out = join(cwd, 'target', 'release');
      mkdirSync(join(out, 'deps'), { recursive: true });
      writeFileSync(join(out, 'shop.d'), '');
      for (const b of binaries) {
        writeFileSync(join(out, b), '');
        chmodSync(join(out, b), 0o755);
      }
    }
    return undefined;
  });
}

const lines = (b: { calls: { file: string; args: readonly string[] }[] }): string[] =>
  b.calls.map((c) => [c.file, ...c.args].join(' '));

describe('rust detection and environment', () => {
  it('claims Cargo.toml, with priority 62 and cargo and rustc', () => {
    assert.deepEqual(toolchain.detect(fakeSource({ 'Cargo.toml': CARGO_TOML }), appConfig()), {
      reason: 'Cargo.toml',
    });
    assert.equal(toolchain.detect(fakeSource({ 'main.rs': '' }), appConfig()), null);
    assert.equal(toolchain.priority, 62);
    assert.deepEqual(toolchain.requires, ['cargo', 'rustc']);
  });

  it('keeps crates in the app cache and outputs in the release (no target-dir override)', () => {
    const env = cargoEnv({
      cacheDir: '/c',
      env: { PATH: '/usr/bin', CARGO_TARGET_DIR: '/elsewhere', RUSTFLAGS: '-Ctarget-cpu=native' },
    });
    assert.equal(env.CARGO_HOME, '/c/cargo-home');
    assert.equal(env.CARGO_TERM_COLOR, 'never');
    assert.equal(env.CARGO_TARGET_DIR, undefined);
    assert.equal(env.RUSTFLAGS, '-Ctarget-cpu=native');
  });

  it("keeps rustc's error lines with where they point", () => {
    const out =
      '   Compiling shop v0.1.0\nerror[E0308]: mismatched types\n --> src/main.rs:2:18\n  |\nerror: could not compile `shop` due to previous error\n';
    assert.deepEqual(cargoErrors(out), [
      'error[E0308]: mismatched types (src/main.rs:2:18)',
      'error: could not compile `shop` due to previous error',
    ]);
  });

  it("picks the only binary, else the default-run, else the package's namesake", () => {
    const pkg = rootPackage(
      JSON.stringify({
        packages: [{ name: 'shop', manifest_path: '/r/Cargo.toml', default_run: null }],
      }),
      '/r',
    );
    assert.equal(pkg?.name, 'shop');
    assert.equal(webBinary(['only'], pkg), 'only');
    assert.equal(webBinary(['migrate', 'shop'], pkg), 'shop');
    assert.equal(
      webBinary(['migrate', 'serve', 'shop'], {
        name: 'shop',
        manifest_path: '/r/Cargo.toml',
        default_run: 'serve',
      }),
      'serve',
    );
    assert.equal(webBinary(['a', 'b'], pkg), undefined);
  });
});

describe('rust build (fake cargo)', () => {
  const files = {
    'Cargo.toml': CARGO_TOML,
    'Cargo.lock': CARGO_LOCK,
    'src/main.rs': 'fn main() {}\n',
  };

  it('fetches once per Cargo.lock, builds offline and runs target/release/<bin> as web', async () => {
    const first = fileBuild({
      definition: rust,
      name: 'rust',
      home: root,
      app: 'shop',
      release: 1,
      files,
      run: fakeCargo(['shop']),
    });
    const artifact = await first.build();
    assert.deepEqual(lines(first), [
      'rustc --version',
      'cargo fetch',
      'cargo build --release --offline',
    ]);
    assert.equal(first.calls[1]?.options.env?.CARGO_HOME, join(first.ctx.cacheDir, 'cargo-home'));
    assert.equal(artifact.kind, 'rust');
    assert.deepEqual(artifact.runtime.path, [join(first.dir, 'target', 'release')]);
    assert.deepEqual(artifact.runtime.processes, [
      { name: 'web', kind: 'web', command: 'target/release/shop' },
    ]);

    const second = fileBuild({
      definition: rust,
      name: 'rust',
      home: root,
      app: 'shop',
      release: 2,
      files,
      run: fakeCargo(['shop']),
    });
    await second.build();
    assert.deepEqual(lines(second), ['rustc --version', 'cargo build --release --offline']);
    assert.match(second.output(), /Reusing the downloaded crates \(cache key [0-9a-f]{16}\)/);

    const third = fileBuild({
      definition: rust,
      name: 'rust',
      home: root,
      app: 'shop',
      release: 3,
      files: { ...files, 'Cargo.lock': `${CARGO_LOCK}\n` },
      run: fakeCargo(['shop']),
    });
    await third.build();
    assert.ok(lines(third).includes('cargo fetch'));
  });

  it('fetches at every build without a committed Cargo.lock', async () => {
    const { 'Cargo.lock': _lock, ...unlocked } = files;
    for (const release of [1, 2]) {
      const b = fileBuild({
        definition: rust,
        name: 'rust',
        home: root,
        app: 'unlocked',
        release,
        files: unlocked,
        run: fakeCargo(['shop']),
      });
      await b.build();
      assert.ok(lines(b).includes('cargo fetch'), `release ${release}`);
      assert.match(b.output(), /no Cargo\.lock committed/);
    }
  });

  it("asks cargo metadata which of several binaries is the package's own", async () => {
    const b = fileBuild({
      definition: rust,
      name: 'rust',
      home: root,
      app: 'multi',
      release: 1,
      files,
      run: fakeCargo(['migrate', 'serve', 'shop'], undefined, 'serve'),
    });
    const artifact = await b.build();
    assert.ok(lines(b).includes('cargo metadata --no-deps --format-version 1 --offline'));
    assert.deepEqual(artifact.runtime.processes, [
      { name: 'web', kind: 'web', command: 'target/release/serve' },
    ]);
  });

  it("fails with E_BUILD_FAILED carrying rustc's first error", async () => {
    const broken = (): FakeOutcome => ({
      lines: [
        'error[E0425]: cannot find value `x` in this scope',
        ' --> src/main.rs:1:13',
        'error: could not compile `shop`',
      ],
      exitCode: 101,
    });
    const b = fileBuild({
      definition: rust,
      name: 'rust',
      home: root,
      app: 'broken',
      release: 1,
      files,
      run: fakeCargo([], broken),
    });
    await assert.rejects(b.build(), (error: Hop3Error) => {
      assert.equal(error.code, 'E_BUILD_FAILED');
      assert.equal(
        error.message,
        'cargo build failed: error[E0425]: cannot find value `x` in this scope (src/main.rs:1:13)',
      );
      return true;
    });
  });
});
