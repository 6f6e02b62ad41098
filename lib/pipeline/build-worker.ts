// The build worker: hop3 runs `hop3 build-worker` as the app's user (AppSandbox), sends the job as JSON on
// stdin, streams its output into the deploy log and reads the artifact from one marked line on stdout.
// hop3 writes the artifact and the log itself, where the app cannot write (apps/<app>/meta).
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadAppConfig } from '../domain/app-config.js';
import { Hop3Error, isHop3Error, type ErrorCode } from '../errors.js';
import type { AppSandbox } from '../identity/app-sandbox.js';
import { createReporter, type LineSink, type Reporter } from '../output/reporter.js';
import type { BuildArtifact } from '../sdk.js';
import type { Settings } from '../settings.js';
import { buildRelease, type BuildInput, type BuildServices } from './build.js';

/** The marker of the result line (an ASCII record separator no build output starts with). */
export const RESULT_MARK = '\x1ehop3-result ';

/** What the worker needs: everything it would otherwise read from files the app user cannot read. */
interface BuildJob {
  home: string;
  settings: Settings;
  app: string;
  release: number;
  sha: string;
  dir: string;
  env: Record<string, string>;
  toolchain: string;
}

type BuildResult =
  | { ok: true; artifact: BuildArtifact }
  | { ok: false; code: string; message: string; hint?: string };

/** Builds a job's services (the composition root's buildWorkerServices: built-in build plugins, no state). */
export type BuildWiring = (
  home: string,
  settings: Settings,
  log: Reporter,
) => Promise<BuildServices>;

/** Runs in the worker process (as the app user): builds and prints the result line. */
export async function runBuildWorker(stdout: LineSink, wire: BuildWiring): Promise<number> {
  const job = JSON.parse(readFileSync(0, 'utf8')) as BuildJob;
  const log = createReporter(stdout);
  let result: BuildResult;
  try {
    const s = await wire(job.home, job.settings, log);
    const plugin = s.plugins.get('toolchain', job.toolchain);
    const config = loadAppConfig(job.dir);
    const input: BuildInput = {
      ...job,
      config,
      toolchain: { ...plugin.instance, name: plugin.name },
      log,
    };
    result = { ok: true, artifact: await buildRelease(s, input) };
  } catch (error) {
    result = isHop3Error(error)
      ? {
          ok: false,
          code: error.code,
          message: error.message,
          ...(error.hint === undefined ? {} : { hint: error.hint }),
        }
      : {
          ok: false,
          code: 'E_BUILD_FAILED',
          message: `build failed: ${error instanceof Error ? error.message : String(error)}`,
        };
  }
  stdout.write(`${RESULT_MARK}${JSON.stringify(result)}\n`);
  return result.ok ? 0 : 1;
}

/** Checks that the artifact only names paths inside the app's directory (it comes from the app user's process). */
function checkArtifact(artifact: BuildArtifact, dir: string): BuildArtifact {
  const appDir = dirname(dirname(dir));
  const inside = (p: string): boolean => p === dir || p.startsWith(`${appDir}/`);
  const paths = [
    artifact.location,
    artifact.runtime.workingDir,
    ...artifact.runtime.static.map((s) => s.dir),
  ];
  if (artifact.runtime.virtualenv !== undefined) paths.push(artifact.runtime.virtualenv);
  const bad = paths.find((p) => typeof p !== 'string' || !inside(p) || p.includes('/../'));
  if (bad !== undefined)
    throw new Hop3Error(
      'E_BUILD_FAILED',
      `the build named a path outside its release: ${JSON.stringify(bad)}`,
    );
  return artifact;
}

/** Runs the build as the app user through the worker; its output lines go to `out` as they come. */
export async function buildInWorker(
  sandbox: AppSandbox,
  job: Omit<BuildJob, 'toolchain'> & { toolchain: string },
  hop3Command: string,
  out: (line: string) => void,
  log: Reporter,
): Promise<BuildArtifact> {
  let result: BuildResult | undefined;
  const run = await sandbox.run(hop3Command, ['build-worker'], {
    cwd: job.dir,
    env: { ...job.env, HOP3_HOME: job.home },
    input: JSON.stringify(job),
    timeoutMs: 60 * 60_000,
    reject: false,
    onLine: (line) => {
      if (line.startsWith(RESULT_MARK))
        result = JSON.parse(line.slice(RESULT_MARK.length)) as BuildResult;
      else out(line);
    },
  });
  if (!result) {
    log.warn(run.all.trim().split('\n').slice(-5).join('\n'));
    throw new Hop3Error(
      'E_BUILD_FAILED',
      `the build worker exited with code ${run.exitCode} and no result`,
    );
  }
  if (!result.ok)
    throw new Hop3Error(
      result.code as ErrorCode,
      result.message,
      result.hint === undefined ? {} : { hint: result.hint },
    );
  return checkArtifact(result.artifact, job.dir);
}
