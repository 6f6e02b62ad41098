// The Rust toolchain: `cargo build --release` into the release's target/release/, crates kept per app.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  type BuildContext,
  defaultWeb,
  defineToolchain,
  executables,
  Hop3Error,
  procfileServes,
  query,
  requireMarker,
  runStep,
  sameKey,
  saveKey,
  shellWord,
} from '../../../lib/sdk.js';
import { cargoEnv, cargoErrors, rootPackage, webBinary } from './cargo.js';

/** The file holding the dependency key of the last `cargo fetch`. */
export const KEY_FILE = 'crates.key';

/** Downloads the crates Cargo.lock names, unless the same lockfile was fetched last time; true on a cache hit. */
async function fetchCrates(
  ctx: BuildContext,
  env: Record<string, string>,
  key: string,
): Promise<boolean> {
  const locked = existsSync(join(ctx.sourceDir, 'Cargo.lock'));
  if (locked && sameKey(ctx.cacheDir, KEY_FILE, key)) {
    ctx.log.info(`Reusing the downloaded crates (cache key ${key})`);
    return true;
  }
  ctx.log.step('Fetching crates with cargo fetch');
  if (!locked) {
    ctx.log.info(
      'no Cargo.lock committed: dependencies are resolved at every deploy (commit Cargo.lock to cache them)',
    );
  }
  await runStep(ctx, {
    label: 'cargo fetch',
    file: 'cargo',
    args: ['fetch'],
    env,
    errorLines: cargoErrors,
    hint: 'fix Cargo.toml (or commit an up-to-date Cargo.lock) and push again',
  });
  if (locked) saveKey(ctx.cacheDir, KEY_FILE, key);
  return false;
}

/** The binary to run as web when several were built: asks cargo which package is at the root. */
async function chooseWeb(
  ctx: BuildContext,
  env: Record<string, string>,
  built: string[],
): Promise<string | undefined> {
  if (built.length <= 1) return built[0];
  const metadata = await query(
    ctx,
    'cargo',
    ['metadata', '--no-deps', '--format-version', '1', '--offline'],
    { env },
  );
  return webBinary(built, rootPackage(metadata, ctx.sourceDir));
}

/** Claims apps with a Cargo.toml; builds release binaries, the package's own being the default web process. */
export default defineToolchain('rust', () => ({
  priority: 62,
  requires: ['cargo', 'rustc'],
  title: 'Rust',
  detect: (src) => (src.has('Cargo.toml') ? { reason: 'Cargo.toml' } : null),
  async build(ctx) {
    requireMarker(ctx, 'rust', ['Cargo.toml']);
    const env = cargoEnv(ctx);
    const version = await query(ctx, 'rustc', ['--version'], { env });
    const key = ctx.hash(['Cargo.toml', 'Cargo.lock'], version);
    const cacheHit = await fetchCrates(ctx, env, key);
    ctx.log.step(`Compiling with cargo build --release (${version})`);
    await runStep(ctx, {
      label: 'cargo build',
      file: 'cargo',
      args: ['build', '--release', '--offline'],
      env,
      errorLines: cargoErrors,
      hint: 'fix the compile error shown above and push again; the previous release keeps serving',
    });
    const built = executables(join(ctx.sourceDir, 'target', 'release'));
    if (built.length === 0) {
      throw new Hop3Error(
        'E_BUILD_FAILED',
        'cargo build produced no binary: the package has no [[bin]] target or src/main.rs',
        {
          hint: 'add src/main.rs (or a [[bin]] section in Cargo.toml) that serves HTTP on $PORT',
        },
      );
    }
    const web = await chooseWeb(ctx, env, built);
    ctx.log.info(`Built ${built.map((b) => `target/release/${b}`).join(', ')}`);
    if (web === undefined && !procfileServes(ctx)) {
      ctx.log.warn(
        `no default web process: name the binary that serves HTTP in the Procfile (e.g. "web: target/release/${built[0] ?? 'app'}")`,
      );
    }
    return ctx.artifact({
      kind: 'rust',
      path: [join(ctx.sourceDir, 'target', 'release')],
      defaultProcesses: defaultWeb(
        ctx,
        web === undefined ? undefined : shellWord(`target/release/${web}`),
      ),
      metadata: { rustcVersion: version, binaries: built, cacheKey: key, cacheHit },
    });
  },
}));
