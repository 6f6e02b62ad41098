// The java toolchain: detection, Maven settings and command lines, Gradle command lines, error lines, which jar
// runs, and its builds' cache use with a fake runner (no JDK needed).
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Hop3Error } from '../../lib/sdk.js';
import { gradleCommand, gradleErrors } from '../../plugins/toolchains/java/gradle.js';
import java from '../../plugins/toolchains/java/index.js';
import {
  mavenCommand,
  mavenErrors,
  mavenSettings,
  pomFiles,
} from '../../plugins/toolchains/java/maven.js';
import { candidateJars, pickJar } from '../../lib/sdk.js';
import { appConfig, fakeSource, pluginDeps } from '../helpers/build-context.js';
import { fakeRun, fileBuild, type FakeOutcome } from '../helpers/compiled-app.js';

const root = mkdtempSync(join(tmpdir(), 'hop3-java-unit-'));
after(() => rmSync(root, { recursive: true, force: true }));
const toolchain = java(pluginDeps());

/** A PATH holding stub executables for the named tools only. */
function toolPath(tools: string[]): string {
  const dir = join(root, `bin-${tools.join('-') || 'none'}`);
  mkdirSync(dir, { recursive: true });
  for (const t of tools) {
    writeFileSync(join(dir, t), '#!/bin/sh\n');
    chmodSync(join(dir, t), 0o755);
  }
  return dir;
}

/** A fake JDK and build tool: the build writes `jars` into `jarDir`. */
function fakeJvm(
  jarDir: string,
  jars: string[],
  onBuild: () => FakeOutcome | undefined = () => undefined,
) {
  return fakeRun((file, _args, cwd) => {
    if (file === 'javac') return { stdout: 'javac 17.0.99\n' };
    const failure = onBuild();
    if (failure) return failure;
    mkdirSync(join(cwd, jarDir), { recursive: true });
    for (const jar of jars) writeFileSync(join(cwd, jarDir, jar), '');
    return undefined;
  });
}

const lines = (b: { calls: { file: string; args: readonly string[] }[] }): string[] =>
  b.calls.map((c) => [c.file, ...c.args].join(' '));
const POM = '<project><artifactId>shop</artifactId></project>\n';

describe('java detection', () => {
  it('claims pom.xml, build.gradle and build.gradle.kts (Maven first), with priority 64', () => {
    const detect = (files: Record<string, string>) =>
      toolchain.detect(fakeSource(files), appConfig());
    assert.deepEqual(detect({ 'pom.xml': POM }), { reason: 'pom.xml' });
    assert.deepEqual(detect({ 'build.gradle': '' }), { reason: 'build.gradle' });
    assert.deepEqual(detect({ 'build.gradle.kts': '' }), { reason: 'build.gradle.kts' });
    assert.deepEqual(detect({ 'build.gradle': '', 'pom.xml': POM }), { reason: 'pom.xml' });
    assert.equal(detect({ 'Main.java': '' }), null);
    assert.equal(toolchain.priority, 64);
    assert.deepEqual(toolchain.requires, ['java', 'javac']);
  });
});

describe('Maven', () => {
  it("writes settings with the local repository and, when installed, Debian's repository (escaped)", () => {
    const withDebian = mavenSettings('/cache/a&b/repository', '/usr/share/maven-repo');
    assert.match(withDebian, /<localRepository>\/cache\/a&amp;b\/repository<\/localRepository>/);
    assert.match(withDebian, /<url>file:\/\/\/usr\/share\/maven-repo<\/url>/);
    assert.match(withDebian, /<checksumPolicy>ignore<\/checksumPolicy>/);
    assert.match(withDebian, /<activeProfile>hop3-debian<\/activeProfile>/);
    const plain = mavenSettings('/cache/repository', undefined);
    assert.doesNotMatch(plain, /<profiles>|maven-repo/);
  });

  it('hashes the root POM and those of modules one level down', () => {
    const dir = join(root, 'multi');
    for (const d of ['api', 'web', 'target', 'docs']) mkdirSync(join(dir, d), { recursive: true });
    for (const f of ['pom.xml', 'api/pom.xml', 'web/pom.xml', 'target/pom.xml'])
      writeFileSync(join(dir, f), POM);
    assert.deepEqual(pomFiles(dir), ['pom.xml', 'api/pom.xml', 'web/pom.xml']);
  });

  it("runs mvn -B package -DskipTests with hop3's settings, -o when cached, and the wrapper when committed", () => {
    const dir = join(root, 'wrapper');
    mkdirSync(dir, { recursive: true });
    assert.deepEqual(mavenCommand({ sourceDir: dir }, '/c/settings.xml', false), [
      'mvn',
      ['-B', '-ntp', '-gs', '/c/settings.xml', 'package', '-DskipTests'],
    ]);
    assert.deepEqual(mavenCommand({ sourceDir: dir }, '/c/s.xml', true)[1], [
      '-B',
      '-ntp',
      '-gs',
      '/c/s.xml',
      '-o',
      'package',
      '-DskipTests',
    ]);
    writeFileSync(join(dir, 'mvnw'), '#!/bin/sh\n');
    assert.deepEqual(mavenCommand({ sourceDir: dir }, '/c/s.xml', false), [
      'sh',
      ['mvnw', '-B', '-ntp', '-gs', '/c/s.xml', 'package', '-DskipTests'],
    ]);
  });

  it("keeps javac's error lines (once, relative to the release), else Maven's own errors without boilerplate", () => {
    const compile = [
      '[ERROR] COMPILATION ERROR : ',
      "[ERROR] /rel/src/main/java/App.java:[23,19] ';' expected",
      '[ERROR] Failed to execute goal org.apache.maven.plugins:maven-compiler-plugin:3.10.1:compile: Compilation failure',
      "[ERROR] /rel/src/main/java/App.java:[23,19] ';' expected",
      '[ERROR] -> [Help 1]',
    ].join('\n');
    assert.deepEqual(mavenErrors(compile, '/rel'), ["src/main/java/App.java:[23,19] ';' expected"]);
    const resolve =
      '[ERROR] Failed to execute goal on project shop: Could not resolve dependencies\n[ERROR] \n[ERROR] Re-run Maven using the -X switch to enable full debug logging.\n';
    assert.deepEqual(mavenErrors(resolve, '/rel'), [
      'Failed to execute goal on project shop: Could not resolve dependencies',
    ]);
  });
});

describe('Gradle', () => {
  it('runs gradle assemble without a daemon, --offline when cached, the wrapper when committed', () => {
    const dir = join(root, 'gradle-wrapper');
    mkdirSync(dir, { recursive: true });
    assert.deepEqual(gradleCommand({ sourceDir: dir }, false), [
      'gradle',
      ['--no-daemon', '--console=plain', 'assemble'],
    ]);
    assert.deepEqual(gradleCommand({ sourceDir: dir }, true)[1], [
      '--no-daemon',
      '--console=plain',
      '--offline',
      'assemble',
    ]);
    writeFileSync(join(dir, 'gradlew'), '#!/bin/sh\n');
    assert.deepEqual(gradleCommand({ sourceDir: dir }, false)[0], 'sh');
  });

  it("keeps javac's error lines, else what Gradle says went wrong", () => {
    assert.deepEqual(gradleErrors("/rel/src/App.java:5: error: ';' expected\n", '/rel'), [
      "src/App.java:5: error: ';' expected",
    ]);
    const other =
      'FAILURE: Build failed with an exception.\n\n* What went wrong:\nCould not resolve all files for configuration.\n';
    assert.deepEqual(gradleErrors(other, '/rel'), [
      'Could not resolve all files for configuration.',
    ]);
  });
});

describe('runnable jars', () => {
  it('ignores sources, javadoc, tests, plain and shade originals; prefers the one with dependencies', () => {
    const dir = join(root, 'jars');
    mkdirSync(dir, { recursive: true });
    for (const f of [
      'app-1.0.jar',
      'app-1.0-sources.jar',
      'app-1.0-javadoc.jar',
      'original-app-1.0.jar',
      'app-1.0-plain.jar',
      'notes.txt',
    ])
      writeFileSync(join(dir, f), '');
    assert.deepEqual(candidateJars(dir), ['app-1.0.jar']);
    assert.equal(
      pickJar(['app-1.0.jar', 'app-1.0-jar-with-dependencies.jar']),
      'app-1.0-jar-with-dependencies.jar',
    );
    assert.equal(pickJar(['a.jar', 'b.jar']), undefined);
    assert.deepEqual(candidateJars(join(root, 'no-such-dir')), []);
  });
});

describe('java build (fake JDK)', () => {
  const env = { HOME: root, PATH: toolPath(['mvn', 'gradle']), LANG: 'C.UTF-8' };

  it('builds with Maven, runs the jar, and goes offline while the POM is unchanged', async () => {
    const files = { 'pom.xml': POM, 'src/main/java/App.java': '' };
    const first = fileBuild({
      definition: java,
      name: 'java',
      home: root,
      app: 'shop',
      release: 1,
      files,
      env,
      run: fakeJvm('target', ['shop-1.0.jar']),
    });
    const artifact = await first.build();
    const settings = join(first.ctx.cacheDir, 'settings.xml');
    assert.deepEqual(lines(first), [
      'javac -version',
      `mvn -B -ntp -gs ${settings} package -DskipTests`,
    ]);
    assert.deepEqual(artifact.runtime.processes, [
      { name: 'web', kind: 'web', command: 'java -jar target/shop-1.0.jar' },
    ]);
    assert.equal(artifact.kind, 'java');
    const second = fileBuild({
      definition: java,
      name: 'java',
      home: root,
      app: 'shop',
      release: 2,
      files,
      env,
      run: fakeJvm('target', ['shop-1.0.jar']),
    });
    await second.build();
    assert.deepEqual(lines(second)[1], `mvn -B -ntp -gs ${settings} -o package -DskipTests`);
    assert.match(
      second.output(),
      /Reusing the Maven repository \(cache key [0-9a-f]{16}\): building offline/,
    );
  });

  it('builds with Gradle into build/libs and goes offline while the build files are unchanged', async () => {
    const files = { 'build.gradle': "apply plugin: 'java'\n" };
    const first = fileBuild({
      definition: java,
      name: 'java',
      home: root,
      app: 'gr',
      release: 1,
      files,
      env,
      run: fakeJvm('build/libs', ['gr-1.0.jar', 'gr-1.0-plain.jar']),
    });
    const artifact = await first.build();
    assert.deepEqual(lines(first), [
      'javac -version',
      'gradle --no-daemon --console=plain assemble',
    ]);
    assert.equal(
      first.calls[1]?.options.env?.GRADLE_USER_HOME,
      join(first.ctx.cacheDir, 'gradle-home'),
    );
    assert.deepEqual(artifact.runtime.processes, [
      { name: 'web', kind: 'web', command: 'java -jar build/libs/gr-1.0.jar' },
    ]);
    const second = fileBuild({
      definition: java,
      name: 'java',
      home: root,
      app: 'gr',
      release: 2,
      files,
      env,
      run: fakeJvm('build/libs', ['gr-1.0.jar']),
    });
    await second.build();
    assert.equal(lines(second)[1], 'gradle --no-daemon --console=plain --offline assemble');
  });

  it("names the missing build tool and its package, and keeps javac's words when the build fails", async () => {
    const noMaven = { ...env, PATH: toolPath(['gradle']) };
    const missing = fileBuild({
      definition: java,
      name: 'java',
      home: root,
      app: 'nomvn',
      release: 1,
      files: { 'pom.xml': POM },
      env: noMaven,
      run: fakeJvm('target', []),
    });
    await assert.rejects(missing.build(), (error: Hop3Error) => {
      assert.equal(error.code, 'E_BINARY_MISSING');
      assert.match(error.message, /a Maven build \(pom\.xml\) needs "mvn"/);
      assert.match(error.hint ?? '', /apt-get install -y maven/);
      return true;
    });
    const failing = (): FakeOutcome => ({
      lines: [
        '[ERROR] COMPILATION ERROR :',
        '[ERROR] /x/App.java:[3,1] class, interface, enum, or record expected',
      ],
      exitCode: 1,
    });
    const broken = fileBuild({
      definition: java,
      name: 'java',
      home: root,
      app: 'broken',
      release: 1,
      files: { 'pom.xml': POM },
      env,
      run: fakeJvm('target', [], failing),
    });
    await assert.rejects(broken.build(), (error: Hop3Error) => {
      assert.equal(error.code, 'E_BUILD_FAILED');
      assert.equal(
        error.message,
        'mvn package failed: /x/App.java:[3,1] class, interface, enum, or record expected',
      );
      return true;
    });
  });
});
