// Maven for the java toolchain: hop3's settings (local repository in the app's cache, Debian's repository
// when installed), the command line, and the error lines of a failed build.
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BuildContext, DEBIAN_MAVEN_REPO, matchingLines } from '../../../lib/sdk.js';

const xml = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A file:// repository entry for settings.xml (releases only, no checksums: Debian ships none). */
function fileRepository(tag: 'repository' | 'pluginRepository', url: string): string {
  return [
    `        <${tag}>`,
    '          <id>debian</id>',
    `          <url>${xml(url)}</url>`,
    '          <releases><checksumPolicy>ignore</checksumPolicy></releases>',
    '          <snapshots><enabled>false</enabled></snapshots>',
    `        </${tag}>`,
  ].join('\n');
}

/** The settings.xml hop3 passes as Maven's global settings (an app's own user settings still apply on top). */
export function mavenSettings(localRepository: string, debianRepo: string | undefined): string {
  const profile =
    debianRepo === undefined
      ? []
      : [
          '  <profiles>',
          '    <profile>',
          '      <id>hop3-debian</id>',
          `      <repositories>\n${fileRepository('repository', `file://${debianRepo}`)}\n      </repositories>`,
          `      <pluginRepositories>\n${fileRepository('pluginRepository', `file://${debianRepo}`)}\n      </pluginRepositories>`,
          '    </profile>',
          '  </profiles>',
          '  <activeProfiles><activeProfile>hop3-debian</activeProfile></activeProfiles>',
        ];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    "<!-- Written by hop3 for this app's builds. -->",
    '<settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">',
    `  <localRepository>${xml(localRepository)}</localRepository>`,
    ...profile,
    '</settings>',
    '',
  ].join('\n');
}

/** Writes the app's settings.xml into its cache (atomically) and returns its path. */
export function writeMavenSettings(cacheDir: string, debianRepo = DEBIAN_MAVEN_REPO): string {
  const file = join(cacheDir, 'settings.xml');
  const repo = existsSync(debianRepo) ? debianRepo : undefined;
  mkdirSync(join(cacheDir, 'repository'), { recursive: true });
  writeFileSync(`${file}.tmp`, mavenSettings(join(cacheDir, 'repository'), repo));
  renameSync(`${file}.tmp`, file);
  return file;
}

/** The POM files whose contents decide the dependencies: pom.xml and those of modules one level down. */
export function pomFiles(dir: string): string[] {
  const modules = readdirSync(dir)
    .filter(
      (name) =>
        !name.startsWith('.') && name !== 'target' && existsSync(join(dir, name, 'pom.xml')),
    )
    .filter((name) => statSync(join(dir, name)).isDirectory())
    .sort();
  return ['pom.xml', ...modules.map((name) => `${name}/pom.xml`)];
}

/** The Maven command: the project's wrapper (mvnw) when it has one, else the installed mvn. */
export function mavenCommand(
  ctx: Pick<BuildContext, 'sourceDir'>,
  settings: string,
  offline: boolean,
): [string, string[]] {
  const args = [
    '-B',
    '-ntp',
    '-gs',
    settings,
    ...(offline ? ['-o'] : []),
    'package',
    '-DskipTests',
  ];
  return existsSync(join(ctx.sourceDir, 'mvnw')) ? ['sh', ['mvnw', ...args]] : ['mvn', args];
}

const BOILERPLATE =
  /\[Help \d+\]|re-run Maven|-X switch|-e switch|For more information about the errors|^\[ERROR\]\s*$/i;

/** The compiler's error lines ("Main.java:[23,19] ';' expected"), else Maven's own [ERROR] lines. */
export function mavenErrors(output: string, dir: string): string[] {
  const strip = (lines: string[]): string[] => [
    ...new Set(lines.map((l) => l.replace(/^\[ERROR\] /, ''))),
  ];
  const compile = strip(
    matchingLines(output, /^\[ERROR\] \S+\.(java|kt|groovy|scala):\[\d+(,\d+)?\] /, dir),
  );
  if (compile.length > 0) return compile;
  return strip(matchingLines(output, /^\[ERROR\] \S/, dir).filter((l) => !BOILERPLATE.test(l)));
}
