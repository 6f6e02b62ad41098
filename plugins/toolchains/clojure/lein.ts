// Leiningen for the clojure toolchain: hop3's user profile (local repository in the app's cache, Debian's
// repository when installed), its environment, and the error lines of a failed build.
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BuildContext, DEBIAN_MAVEN_REPO, matchingLines, plain } from '../../../lib/sdk.js';

/** An EDN string literal (a JSON string is one, for the characters paths contain). */
const edn = (value: string): string => JSON.stringify(value);

/** The profiles.clj hop3 puts in LEIN_HOME: the app's local repository and, when installed, Debian's. */
export function leinProfiles(localRepo: string, debianRepo: string | undefined): string {
  const repositories =
    debianRepo === undefined
      ? ''
      : `\n        :repositories [["debian" {:url ${edn(`file://${debianRepo}`)} :checksum :ignore :snapshots false}]]`;
  return `;; Written by hop3 for this app's builds.\n{:user {:local-repo ${edn(localRepo)}${repositories}}}\n`;
}

/** Writes LEIN_HOME/profiles.clj into the app's cache (atomically) and returns LEIN_HOME. */
export function writeLeinHome(cacheDir: string, debianRepo = DEBIAN_MAVEN_REPO): string {
  const home = join(cacheDir, 'lein-home');
  mkdirSync(home, { recursive: true });
  const file = join(home, 'profiles.clj');
  writeFileSync(
    `${file}.tmp`,
    leinProfiles(join(cacheDir, 'repository'), existsSync(debianRepo) ? debianRepo : undefined),
  );
  renameSync(`${file}.tmp`, file);
  return home;
}

/** Leiningen's environment: hop3's LEIN_HOME, quiet about its repository, offline when the cache is current. */
export function leinEnv(
  ctx: Pick<BuildContext, 'env'>,
  leinHome: string,
  offline: boolean,
): Record<string, string> {
  return {
    ...ctx.env,
    LEIN_HOME: leinHome,
    LEIN_SUPPRESS_USER_LEVEL_REPO_WARNINGS: '1',
    ...(offline ? { LEIN_OFFLINE: 'true' } : {}),
  };
}

/**
 * Clojure's error lines, each with its cause ("Syntax error compiling at (app/core.clj:9:3).
 * Unable to resolve symbol: x in this context"), else dependency and task failures.
 */
export function clojureErrors(output: string, dir: string): string[] {
  const lines = plain(output)
    .split('\n')
    .map((l) => l.trimEnd());
  const errors: string[] = [];
  lines.forEach((line, i) => {
    if (!/^Syntax error .*\(.+\)\.?$/.test(line)) return;
    const next = lines.slice(i + 1).find((l) => l !== line);
    const cause =
      next !== undefined && next.trim() && !next.startsWith('Syntax error')
        ? ` ${next.trim()}`
        : '';
    errors.push(`${line}${cause}`);
  });
  const unique = [...new Set(errors)];
  if (unique.length > 0) return unique;
  return matchingLines(
    output,
    /^(Could not (find|transfer) artifact|Could not resolve dependencies|Error encountered|Exception in thread|Execution error)/,
    dir,
  );
}
