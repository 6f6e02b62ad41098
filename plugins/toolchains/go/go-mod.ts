// Reads what the go toolchain needs from go.mod and names the build environment and binaries.
import { join } from 'node:path';
import type { BuildContext } from '../../../lib/sdk.js';

/** The module path declared by go.mod text ("example.com/app"), or undefined. */
export function modulePath(goMod: string): string | undefined {
  return /^\s*module\s+"?([^\s"]+)"?/m.exec(goMod)?.[1];
}

/** True when go.mod text requires other modules (so there is something to download). */
export function requiresModules(goMod: string): boolean {
  return /^\s*require\b/m.test(goMod);
}

/** GOFLAGS for the build: the app's own, plus -mod (vendor when vendored, else mod) and -modcacherw unless set. */
export function goFlags(appFlags: string | undefined, vendored: boolean): string {
  const flags = (appFlags ?? '').split(/\s+/).filter(Boolean);
  if (!flags.some((f) => f.startsWith('-mod='))) flags.push(vendored ? '-mod=vendor' : '-mod=mod');
  // Writable module cache directories, so the app's cache can be deleted by hop3 (Go makes them read-only).
  if (!flags.includes('-modcacherw')) flags.push('-modcacherw');
  return flags.join(' ');
}

/**
 * The go command's environment: modules and build cache in the app's cache dir, static binaries
 * (CGO_ENABLED=0) and the installed Go only (GOTOOLCHAIN=local) unless the app's config says otherwise.
 */
export function goEnv(
  ctx: Pick<BuildContext, 'env' | 'cacheDir'>,
  vendored: boolean,
): Record<string, string> {
  return {
    ...ctx.env,
    GOPATH: join(ctx.cacheDir, 'gopath'),
    GOCACHE: join(ctx.cacheDir, 'build-cache'),
    GOFLAGS: goFlags(ctx.env.GOFLAGS, vendored),
    CGO_ENABLED: ctx.env.CGO_ENABLED ?? '0',
    GOTOOLCHAIN: ctx.env.GOTOOLCHAIN ?? 'local',
  };
}

/** The name `go build -o bin/` gives the root package's binary: the module path's last element (not a /vN suffix). */
export function rootBinaryName(module: string): string | undefined {
  const parts = module.split('/').filter(Boolean);
  const last = parts.at(-1);
  return last !== undefined && /^v\d+$/.test(last) && parts.length > 1 ? parts.at(-2) : last;
}

/** The binary in bin/ that serves the web: the only one, else the root package's. */
export function webBinary(
  binaries: readonly string[],
  module: string | undefined,
): string | undefined {
  if (binaries.length === 1) return binaries[0];
  const root = module === undefined ? undefined : rootBinaryName(module);
  return root !== undefined && binaries.includes(root) ? root : undefined;
}
