// The Clojure toolchain: project.clj -> `lein uberjar` (run with java -jar); deps.edn -> Debian's clojure
// launcher, which runs the main namespace from the source paths after an AOT compile.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  type BuildArtifact,
  type BuildContext,
  defaultWeb,
  defineToolchain,
  procfileServes,
  query,
  requireMarker,
  requireTool,
  runnableJar,
  runStep,
  sameKey,
  saveKey,
  shellWord,
} from '../../../lib/sdk.js';
import {
  checkDepsEdn,
  classPath,
  compileExpression,
  parseDepsFacts,
  READ_DEPS_EDN,
} from './deps-edn.js';
import { clojureErrors, leinEnv, writeLeinHome } from './lein.js';

/** The files that mark a Clojure app, in order of preference. */
export const MARKERS = ['project.clj', 'deps.edn'] as const;

const COMPILE_HINT = 'fix the error shown above and push again; the previous release keeps serving';

/** Builds the uberjar with Leiningen; offline (LEIN_OFFLINE) when project.clj is that of the last successful build. */
async function leinBuild(ctx: BuildContext, java: string): Promise<BuildArtifact> {
  requireTool(
    ctx,
    'lein',
    'a Leiningen project (project.clj)',
    'install Leiningen on the server (Debian: apt-get install -y leiningen)',
  );
  const leinHome = writeLeinHome(ctx.cacheDir);
  const key = ctx.hash(['project.clj'], java);
  const cacheHit = sameKey(ctx.cacheDir, 'lein.key', key);
  if (cacheHit) ctx.log.info(`Reusing the Maven repository (cache key ${key}): building offline`);
  ctx.log.step('Building with lein uberjar');
  await runStep(ctx, {
    label: 'lein uberjar',
    file: 'lein',
    args: ['uberjar'],
    env: leinEnv(ctx, leinHome, cacheHit),
    errorLines: (out) => clojureErrors(out, ctx.sourceDir),
    hint: COMPILE_HINT,
  });
  saveKey(ctx.cacheDir, 'lein.key', key);
  const jar = runnableJar(ctx.sourceDir, ['target/uberjar', 'target']);
  if (jar !== undefined) ctx.log.info(`Built ${jar}`);
  else if (!procfileServes(ctx))
    ctx.log.warn(
      'no default web process: name the jar to run in the Procfile (e.g. "web: java -jar target/uberjar/app-standalone.jar")',
    );
  return ctx.artifact({
    kind: 'clojure',
    defaultProcesses: defaultWeb(
      ctx,
      jar === undefined ? undefined : `java -jar ${shellWord(jar)}`,
    ),
    metadata: { javaVersion: java, buildTool: 'leiningen', jar, cacheKey: key, cacheHit },
  });
}

/** Reads deps.edn, AOT-compiles its main namespace into target/classes and runs it with Debian's clojure. */
async function depsEdnBuild(ctx: BuildContext, java: string): Promise<BuildArtifact> {
  requireTool(
    ctx,
    'clojure',
    'a deps.edn app',
    'install Clojure on the server (Debian: apt-get install -y clojure)',
  );
  ctx.log.step('Reading deps.edn');
  const { paths, main } = checkDepsEdn(
    parseDepsFacts(
      await query(ctx, 'clojure', ['-e', READ_DEPS_EDN], { label: 'reading deps.edn' }),
    ),
  );
  ctx.log.info(
    `Source paths ${paths.join(', ')}; main namespace ${main}; no dependencies beyond Clojure`,
  );
  ctx.log.step(`Compiling ${main} with clojure`);
  mkdirSync(join(ctx.sourceDir, 'target', 'classes'), { recursive: true });
  const cp = classPath(paths);
  await runStep(ctx, {
    label: 'clojure compile',
    file: 'clojure',
    args: ['-cp', cp, '-e', compileExpression(main)],
    env: ctx.env,
    errorLines: (out) => clojureErrors(out, ctx.sourceDir),
    hint: COMPILE_HINT,
  });
  return ctx.artifact({
    kind: 'clojure',
    defaultProcesses: defaultWeb(ctx, `clojure -cp ${shellWord(cp)} -m ${shellWord(main)}`),
    metadata: { javaVersion: java, buildTool: 'clojure', main, paths },
  });
}

/** Claims apps with a project.clj (Leiningen) or a deps.edn (Debian's clojure launcher). */
export default defineToolchain('clojure', () => ({
  priority: 66,
  requires: ['java'],
  title: 'Clojure',
  detect(src) {
    const marker = MARKERS.find((m) => src.has(m));
    return marker === undefined ? null : { reason: marker };
  },
  async build(ctx) {
    const java = await query(ctx, 'java', ['-version']);
    const version = java.split('\n')[0] ?? java;
    return requireMarker(ctx, 'clojure', MARKERS) === 'project.clj'
      ? leinBuild(ctx, version)
      : depsEdnBuild(ctx, version);
  },
}));
