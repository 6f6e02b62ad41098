// SDK toolkit. What the JVM toolchains (java, clojure) share: Debian's Maven repository and finding the runnable jar a build made.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Where Debian's maven-repo-helper packages install their artifacts (a file:// Maven repository). */
export const DEBIAN_MAVEN_REPO = '/usr/share/maven-repo';

const NOT_RUNNABLE = /-(sources|javadoc|tests|test-sources|plain)\.jar$/;
const FAT = /-(standalone|all|jar-with-dependencies)\.jar$/;

/** The jars in `dir` that could be the app (not sources, javadoc, tests or a shade plugin's original). */
export function candidateJars(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.endsWith('.jar') && !NOT_RUNNABLE.test(n) && !n.startsWith('original-'))
    .sort();
}

/** The jar to run among candidates: the only one, else the only one with dependencies (-standalone, -all, ...). */
export function pickJar(jars: readonly string[]): string | undefined {
  if (jars.length === 1) return jars[0];
  const fat = jars.filter((n) => FAT.test(n));
  return fat.length === 1 ? fat[0] : undefined;
}

/** The relative path of the jar to run, looking in each of `dirs` (relative to `root`) in turn. */
export function runnableJar(root: string, dirs: readonly string[]): string | undefined {
  for (const dir of dirs) {
    const jar = pickJar(candidateJars(join(root, dir)));
    if (jar !== undefined) return `${dir}/${jar}`;
  }
  return undefined;
}
