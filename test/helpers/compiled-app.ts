// Real builds of the compiled-language samples outside the pipeline: a cold build then a cached one of the same
// app, and the default web process started as a deployer would (sh -c, $PORT) to check what it answers.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadAppConfig } from '../../lib/domain/app-config.js';
import { createPaths } from '../../lib/paths.js';
import { SYSTEM_PATH } from '../../lib/proc/run.js';
import {
  Hop3Error,
  type BuildArtifact,
  type LanguageToolchain,
  type PluginDefinition,
  type RunCommand,
} from '../../lib/sdk.js';
import {
  appConfig,
  fixtureDir,
  loadToolchain,
  testBuild,
  type TestBuild,
} from './build-context.js';

/** One real build of a release of a sample. */
export interface SampleBuild extends TestBuild {
  artifact: BuildArtifact;
  dir: string;
  ms: number;
}

/** A scratch HOP3_HOME where a sample's releases are built one after the other (sharing the app's cache). */
export interface SampleBuilder {
  home: string;
  build(release: number): Promise<SampleBuild>;
  cleanup(): void;
}

/** Builds releases of `fixture` as app `app` with the toolchain (its commands run for real). */
export function sampleBuilder(
  definition: PluginDefinition<LanguageToolchain>,
  name: string,
  fixture: string,
  app = fixture,
): SampleBuilder {
  const home = mkdtempSync(join(tmpdir(), `hop3-${name}-build-`));
  const paths = createPaths(home);
  return {
    home,
    async build(release) {
      const dir = paths.release(app, release);
      mkdirSync(dir, { recursive: true });
      cpSync(fixtureDir(fixture), dir, { recursive: true });
      const toolchain = loadToolchain(definition, name);
      const test = testBuild({ home, app, release, dir, toolchain, config: loadAppConfig(dir) });
      const started = performance.now();
      const artifact = await toolchain.build(test.ctx);
      return { ...test, artifact, dir, ms: performance.now() - started };
    },
    cleanup: () => rmSync(home, { recursive: true, force: true }),
  };
}

/** The command lines a build ran ("go build -o bin/ ./..."). */
export function commandLines(build: TestBuild): string[] {
  return build.calls.map((c) => [c.file.split('/').pop(), ...c.args].join(' '));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

function fetchText(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path: '/', timeout: 2000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve(body));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

/** Starts the artifact's web process as the uwsgi deployer's launcher does, returns its answer to GET /, stops it. */
export async function answerOfWeb(
  artifact: BuildArtifact,
  env: Record<string, string> = {},
  timeoutMs = 30_000,
): Promise<string> {
  const web = artifact.runtime.processes.find((p) => p.kind === 'web');
  if (!web)
    throw new Error(
      `the artifact has no web process: ${JSON.stringify(artifact.runtime.processes)}`,
    );
  const port = await freePort();
  const child = spawn('/bin/sh', ['-c', web.command], {
    cwd: artifact.runtime.workingDir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...artifact.runtime.env,
      ...env,
      PATH: [...artifact.runtime.path, SYSTEM_PATH].join(':'),
      HOME: tmpdir(),
      PORT: String(port),
      BIND_ADDRESS: '127.0.0.1',
    },
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      try {
        return await fetchText(port);
      } catch (error) {
        if (child.exitCode !== null || Date.now() > deadline) {
          throw new Error(
            `"${web.command}" did not answer on port ${port}: ${String(error)}\n${output}`,
            { cause: error },
          );
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  } finally {
    if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
  }
}

/** What a fake command does: print lines, answer on stdout, change files, or exit non-zero. */
export interface FakeOutcome {
  stdout?: string;
  lines?: string[];
  exitCode?: number;
}

/** A runner that records nothing itself (testBuild does) and lets `script` play each command. */
export function fakeRun(
  script: (file: string, args: readonly string[], cwd: string) => FakeOutcome | undefined,
): RunCommand {
  return (file, args, options = {}) => {
    const outcome = script(file, args, options.cwd ?? '') ?? {};
    for (const line of outcome.lines ?? []) options.onLine?.(line);
    const all = [...(outcome.lines ?? []), outcome.stdout ?? ''].join('\n');
    if ((outcome.exitCode ?? 0) !== 0) {
      return Promise.reject(
        new Hop3Error('E_COMMAND_FAILED', `${file} exited with code ${outcome.exitCode}`, {
          details: (outcome.lines ?? []).slice(-12).join('\n'),
        }),
      );
    }
    return Promise.resolve({
      exitCode: 0,
      stdout: outcome.stdout ?? '',
      stderr: '',
      all,
      durationMs: 1,
    });
  };
}

/** What a build over files written for the test needs. */
export interface FileBuildInput {
  definition: PluginDefinition<LanguageToolchain>;
  name: string;
  home: string;
  app: string;
  release: number;
  /** Relative path -> contents (directories are created). */
  files: Record<string, string>;
  run: RunCommand;
  procfile?: string;
  env?: Record<string, string>;
}

/** A build context over a new release dir holding `files`, and the toolchain to build it with. */
export function fileBuild(
  input: FileBuildInput,
): TestBuild & { dir: string; build(): Promise<BuildArtifact> } {
  const dir = createPaths(input.home).release(input.app, input.release);
  for (const [name, text] of Object.entries(input.files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  mkdirSync(dir, { recursive: true });
  const toolchain = loadToolchain(input.definition, input.name);
  const config = appConfig(input.procfile);
  const test = testBuild({
    home: input.home,
    app: input.app,
    release: input.release,
    dir,
    toolchain,
    config,
    run: input.run,
    ...(input.env ? { env: input.env } : {}),
  });
  return { ...test, dir, build: () => toolchain.build(test.ctx) };
}
