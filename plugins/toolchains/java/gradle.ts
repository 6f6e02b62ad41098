// Gradle for the java toolchain: its environment, the command line, and the error lines of a failed build.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type BuildContext, matchingLines, plain } from '../../../lib/sdk.js';

/** The files whose contents decide a Gradle build's dependencies. */
export const GRADLE_FILES = [
  'build.gradle',
  'build.gradle.kts',
  'settings.gradle',
  'settings.gradle.kts',
  'gradle.properties',
  'gradle/libs.versions.toml',
  'gradle/wrapper/gradle-wrapper.properties',
] as const;

/** Gradle's environment: its user home (dependency cache, wrapper distributions) in the app's cache. */
export function gradleEnv(ctx: Pick<BuildContext, 'env' | 'cacheDir'>): Record<string, string> {
  return { ...ctx.env, GRADLE_USER_HOME: join(ctx.cacheDir, 'gradle-home') };
}

/** The Gradle command: the project's wrapper (gradlew) when it has one, else the installed gradle. */
export function gradleCommand(
  ctx: Pick<BuildContext, 'sourceDir'>,
  offline: boolean,
): [string, string[]] {
  const args = ['--no-daemon', '--console=plain', ...(offline ? ['--offline'] : []), 'assemble'];
  return existsSync(join(ctx.sourceDir, 'gradlew'))
    ? ['sh', ['gradlew', ...args]]
    : ['gradle', args];
}

/** The compiler's error lines ("Main.java:23: error: ';' expected"), else what Gradle says went wrong. */
export function gradleErrors(output: string, dir: string): string[] {
  const compile = matchingLines(output, /^(\S+\.(java|groovy|scala):\d+: error: |e: )/, dir);
  if (compile.length > 0) return compile;
  const lines = plain(output).split('\n');
  const at = lines.findIndex((l) => l.startsWith('* What went wrong:'));
  const what = at < 0 ? undefined : lines[at + 1]?.trim();
  return what ? [what] : [];
}
