// Cargo's build environment, its error lines, and which built binary serves the web.
import { join } from 'node:path';
import { type BuildContext, plain } from '../../../lib/sdk.js';

/**
 * Cargo's environment: CARGO_HOME (downloaded crates) in the app's cache, no colours or progress bars,
 * and no target-dir override, so the outputs stay in the release's target/release/.
 */
export function cargoEnv(ctx: Pick<BuildContext, 'env' | 'cacheDir'>): Record<string, string> {
  const env: Record<string, string> = {
    ...ctx.env,
    CARGO_HOME: join(ctx.cacheDir, 'cargo-home'),
    CARGO_TERM_COLOR: 'never',
    CARGO_TERM_PROGRESS_WHEN: 'never',
  };
  delete env.CARGO_TARGET_DIR;
  delete env.CARGO_BUILD_TARGET_DIR;
  return env;
}

/** Rust's error lines ("error[E0308]: mismatched types"), each with the place the next line points at. */
export function cargoErrors(output: string): string[] {
  const lines = plain(output).split('\n');
  const errors: string[] = [];
  lines.forEach((line, i) => {
    if (!/^error(\[E\d+\])?: /.test(line)) return;
    const at = /^\s*--> (\S+)/.exec(lines[i + 1] ?? '')?.[1];
    errors.push(at === undefined ? line.trimEnd() : `${line.trimEnd()} (${at})`);
  });
  return errors;
}

/** The parts of `cargo metadata --no-deps` that name binaries. */
interface CargoPackage {
  name: string;
  manifest_path: string;
  default_run?: string | null;
}

/** The root package (the one whose manifest is `<dir>/Cargo.toml`) in `cargo metadata` JSON, if any. */
export function rootPackage(metadataJson: string, dir: string): CargoPackage | undefined {
  const parsed = JSON.parse(metadataJson) as { packages?: unknown };
  const packages = Array.isArray(parsed.packages) ? (parsed.packages as CargoPackage[]) : [];
  return packages.find(
    (p) => typeof p.name === 'string' && p.manifest_path === join(dir, 'Cargo.toml'),
  );
}

/** The binary that serves the web: the only one built, else the root package's default-run, else its namesake. */
export function webBinary(
  built: readonly string[],
  root: CargoPackage | undefined,
): string | undefined {
  if (built.length === 1) return built[0];
  const wanted = [root?.default_run, root?.name].find(
    (n): n is string => typeof n === 'string' && built.includes(n),
  );
  return wanted;
}
