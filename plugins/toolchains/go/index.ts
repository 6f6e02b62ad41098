// The Go toolchain: `go build -o bin/ ./...` into the release, modules and build cache kept per app.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type BuildContext,
  defaultWeb,
  defineToolchain,
  type DownloadFailure,
  executables,
  Hop3Error,
  matchingLines,
  NETWORK_ERRORS,
  procfileServes,
  query,
  requireMarker,
  runStep,
  sameKey,
  saveKey,
  shellWord,
} from '../../../lib/sdk.js';
import { goEnv, modulePath, requiresModules, webBinary } from './go-mod.js';

/** The file holding the dependency key of the last module download. */
export const KEY_FILE = 'modules.key';

/** The compiler's error lines ("./main.go:4:2: undefined: x"), else the go command's own ("go: ..."). */
export function goErrors(output: string, dir: string): string[] {
  const compile = matchingLines(output, /^\S+\.go:\d+(:\d+)?: /, dir);
  return compile.length > 0 ? compile : matchingLines(output, /^go: /, dir);
}

/** A module download that failed on the network ("go: example.com/m@v1: Get ...: dial tcp: ..."). */
export const GO_DOWNLOAD: DownloadFailure = {
  patterns: [
    /^go: .*(dial tcp|Get "https?:|lookup |proxyconnect|TLS handshake timeout)/,
    ...NETWORK_ERRORS,
  ],
  source: 'the Go module proxy',
  mirror:
    'GOPROXY (hop3 config:set APP GOPROXY=https://your-proxy, or "go mod vendor" and commit vendor/)',
};

/** Downloads the modules go.mod requires, unless the same go.mod/go.sum were downloaded last time. */
async function downloadModules(
  ctx: BuildContext,
  env: Record<string, string>,
  key: string,
  goMod: string,
): Promise<boolean> {
  if (sameKey(ctx.cacheDir, KEY_FILE, key)) {
    ctx.log.info(`Reusing the module cache (cache key ${key})`);
    return true;
  }
  if (requiresModules(goMod)) {
    ctx.log.step('Downloading modules with go mod download');
    await runStep(ctx, {
      label: 'go mod download',
      file: 'go',
      args: ['mod', 'download'],
      env,
      errorLines: (out) => goErrors(out, ctx.sourceDir),
      download: GO_DOWNLOAD,
      hint: 'fix go.mod/go.sum (run "go mod tidy" locally and commit both), or vendor the modules with "go mod vendor"',
    });
  } else {
    ctx.log.info('go.mod requires no other modules');
  }
  saveKey(ctx.cacheDir, KEY_FILE, key);
  return false;
}

/** Claims apps with a go.mod; builds every main package into bin/, the root one being the default web process. */
export default defineToolchain('go', () => ({
  priority: 60,
  requires: ['go'],
  title: 'Go',
  detect: (src) => (src.has('go.mod') ? { reason: 'go.mod' } : null),
  async build(ctx) {
    const goMod = readFileSync(join(ctx.sourceDir, requireMarker(ctx, 'go', ['go.mod'])), 'utf8');
    const vendored = existsSync(join(ctx.sourceDir, 'vendor', 'modules.txt'));
    const env = goEnv(ctx, vendored);
    const version = await query(ctx, 'go', ['version'], { env });
    const key = ctx.hash(['go.mod', 'go.sum'], version);
    let cacheHit = false;
    if (vendored) ctx.log.info('Using the vendored modules (vendor/modules.txt)');
    else cacheHit = await downloadModules(ctx, env, key, goMod);
    ctx.log.step(`Compiling with go build -o bin/ ./... (${version.replace(/^go version /, '')})`);
    await runStep(ctx, {
      label: 'go build',
      file: 'go',
      args: ['build', '-o', 'bin/', './...'],
      env,
      errorLines: (out) => goErrors(out, ctx.sourceDir),
      download: GO_DOWNLOAD,
      hint: 'fix the compile error shown above and push again; the previous release keeps serving',
    });
    const binaries = executables(join(ctx.sourceDir, 'bin'));
    if (binaries.length === 0) {
      throw new Hop3Error(
        'E_BUILD_FAILED',
        'go build produced no binary: the module has no main package',
        {
          hint: 'add a "package main" with a main function (at the root or under cmd/<name>/)',
        },
      );
    }
    ctx.log.info(`Built ${binaries.map((b) => `bin/${b}`).join(', ')}`);
    const module = modulePath(goMod);
    const web = webBinary(binaries, module);
    if (web === undefined && !procfileServes(ctx)) {
      ctx.log.warn(
        `no default web process: name the binary that serves HTTP in the Procfile (e.g. "web: bin/${binaries[0] ?? 'app'}")`,
      );
    }
    return ctx.artifact({
      kind: 'go',
      path: [join(ctx.sourceDir, 'bin')],
      defaultProcesses: defaultWeb(ctx, web === undefined ? undefined : shellWord(`bin/${web}`)),
      metadata: { goVersion: version, module, binaries, cacheKey: key, cacheHit, vendored },
    });
  },
}));
