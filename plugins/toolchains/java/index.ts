// The Java toolchain: pom.xml -> `mvn -B package -DskipTests`, build.gradle -> `gradle assemble`; runs the built jar.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  type BuildContext,
  defaultWeb,
  defineToolchain,
  type DownloadFailure,
  NETWORK_ERRORS,
  procfileServes,
  query,
  requireMarker,
  requireTool,
  runnableJar,
  runStep,
  sameKey,
  saveKey,
  shellWord,
  type SourceTree,
} from '../../../lib/sdk.js';
import { GRADLE_FILES, gradleCommand, gradleEnv, gradleErrors } from './gradle.js';
import { mavenCommand, mavenErrors, pomFiles, writeMavenSettings } from './maven.js';

/** The build files that mark a Java app, in order of preference (Maven first when both are present). */
export const MARKERS = ['pom.xml', 'build.gradle', 'build.gradle.kts'] as const;

const COMPILE_HINT =
  'fix the compile error shown above and push again; the previous release keeps serving';

/** Maven failing to download ("Could not transfer artifact ... from/to central", unknown host). */
export const MAVEN_DOWNLOAD: DownloadFailure = {
  patterns: [
    /Could not transfer (artifact|metadata)|Could not resolve dependencies.*(transfer|resolve host|connect)/,
    /Unknown host|UnknownHostException|Connect to \S+ .*failed|Connection (refused|timed out)/,
    ...NETWORK_ERRORS,
  ],
  source: 'the Maven repository',
  mirror:
    'a <mirror> in settings.xml (the build user\'s ~/.m2/settings.xml, or "-s" in .mvn/maven.config)',
};

/** Gradle failing to download ("Could not GET 'https://...'", "Could not resolve host"). */
export const GRADLE_DOWNLOAD: DownloadFailure = {
  patterns: [
    /Could not (GET|HEAD) '|Could not download \S+\.zip|UnknownHostException/,
    ...NETWORK_ERRORS,
  ],
  source: 'the Gradle/Maven repository',
  mirror:
    'a mirror repository in settings.gradle (pluginManagement and dependencyResolutionManagement)',
};

/** What a build tool run left behind. */
interface ToolBuild {
  tool: 'maven' | 'gradle';
  key: string;
  cacheHit: boolean;
  /** Where the jars are, relative to the release. */
  jarDir: string;
}

/** The marker that decides how a source tree builds, if any. */
export function javaMarker(src: Pick<SourceTree, 'has'>): (typeof MARKERS)[number] | undefined {
  return MARKERS.find((m) => src.has(m));
}

/** Builds with Maven; offline (-o) when the POMs are those of the last successful build. */
async function maven(ctx: BuildContext, javac: string): Promise<ToolBuild> {
  const wrapper = existsSync(join(ctx.sourceDir, 'mvnw'));
  if (!wrapper)
    requireTool(
      ctx,
      'mvn',
      'a Maven build (pom.xml)',
      'install Maven on the server (Debian: apt-get install -y maven)',
    );
  const settings = writeMavenSettings(ctx.cacheDir);
  const key = ctx.hash(pomFiles(ctx.sourceDir), `${javac}\0${wrapper ? 'mvnw' : 'mvn'}`);
  const cacheHit = sameKey(ctx.cacheDir, 'maven.key', key);
  if (cacheHit) ctx.log.info(`Reusing the Maven repository (cache key ${key}): building offline`);
  ctx.log.step(`Building with ${wrapper ? './mvnw' : 'mvn'} -B package -DskipTests`);
  const [file, args] = mavenCommand(ctx, settings, cacheHit);
  await runStep(ctx, {
    label: 'mvn package',
    file,
    args,
    env: { ...ctx.env, MAVEN_USER_HOME: join(ctx.cacheDir, 'maven-user-home') },
    errorLines: (out) => mavenErrors(out, ctx.sourceDir),
    download: MAVEN_DOWNLOAD,
    hint: COMPILE_HINT,
  });
  saveKey(ctx.cacheDir, 'maven.key', key);
  return { tool: 'maven', key, cacheHit, jarDir: 'target' };
}

/** Builds with Gradle; offline (--offline) when the build files are those of the last successful build. */
async function gradle(ctx: BuildContext, javac: string): Promise<ToolBuild> {
  const wrapper = existsSync(join(ctx.sourceDir, 'gradlew'));
  if (!wrapper)
    requireTool(
      ctx,
      'gradle',
      'a Gradle build (build.gradle)',
      'install Gradle on the server (Debian: apt-get install -y gradle), or commit the Gradle wrapper (gradlew)',
    );
  const key = ctx.hash(GRADLE_FILES, `${javac}\0${wrapper ? 'gradlew' : 'gradle'}`);
  const cacheHit = sameKey(ctx.cacheDir, 'gradle.key', key);
  if (cacheHit) ctx.log.info(`Reusing the Gradle cache (cache key ${key}): building offline`);
  ctx.log.step(`Building with ${wrapper ? './gradlew' : 'gradle'} assemble`);
  const [file, args] = gradleCommand(ctx, cacheHit);
  await runStep(ctx, {
    label: 'gradle assemble',
    file,
    args,
    env: gradleEnv(ctx),
    errorLines: (out) => gradleErrors(out, ctx.sourceDir),
    download: GRADLE_DOWNLOAD,
    hint: COMPILE_HINT,
  });
  saveKey(ctx.cacheDir, 'gradle.key', key);
  return { tool: 'gradle', key, cacheHit, jarDir: 'build/libs' };
}

/** Claims apps with a pom.xml or build.gradle; builds the jar and runs it with `java -jar` by default. */
export default defineToolchain('java', () => ({
  priority: 64,
  requires: ['java', 'javac'],
  title: 'Java',
  detect(src) {
    const marker = javaMarker(src);
    return marker === undefined ? null : { reason: marker };
  },
  async build(ctx) {
    const javac = await query(ctx, 'javac', ['-version']);
    const built =
      requireMarker(ctx, 'java', MARKERS) === 'pom.xml'
        ? await maven(ctx, javac)
        : await gradle(ctx, javac);
    const jar = runnableJar(ctx.sourceDir, [built.jarDir]);
    if (jar === undefined && !procfileServes(ctx)) {
      ctx.log.warn(
        `no default web process: name the jar to run in the Procfile (e.g. "web: java -jar ${built.jarDir}/app.jar")`,
      );
    } else if (jar !== undefined) {
      ctx.log.info(`Built ${jar}`);
    }
    return ctx.artifact({
      kind: 'java',
      defaultProcesses: defaultWeb(
        ctx,
        jar === undefined ? undefined : `java -jar ${shellWord(jar)}`,
      ),
      metadata: {
        javaVersion: javac,
        buildTool: built.tool,
        jar,
        cacheKey: built.key,
        cacheHit: built.cacheHit,
      },
    });
  },
}));
