// The toolchain contract for the java toolchain (java-maven builds with mvn package, offline against Debian's
// Maven repository, java-gradle with gradle assemble; a missing semicolon breaks both), then cold and cached
// builds of each and the jar answering as the default web process.
import assert from 'node:assert/strict';
import { after, describe, it, type TestContext } from 'node:test';
import java from '../../plugins/toolchains/java/index.js';
import {
  answerOfWeb,
  commandLines,
  sampleBuilder,
  type SampleBuild,
} from '../helpers/compiled-app.js';
import { toolchainContract } from '../contracts/toolchain.js';

const brokenMain =
  'package hop3.sample;\n\npublic final class Main {\n  public static void main(String[] args) {\n    System.out.println("no semicolon")\n  }\n}\n';

toolchainContract({
  toolchain: java,
  name: 'java',
  sample: 'java-maven',
  kind: 'java',
  broken: { 'src/main/java/hop3/sample/Main.java': brokenMain },
  brokenMessage: /Main\.java:\[5,39\] ';' expected/,
});

toolchainContract({
  toolchain: java,
  name: 'java',
  sample: 'java-gradle',
  kind: 'java',
  broken: { 'src/main/java/hop3/sample/Main.java': brokenMain },
  brokenMessage: /Main\.java:5: error: ';' expected/,
});

const samples = [
  {
    sample: 'java-maven',
    jar: 'target/java-maven-1.0.jar',
    cold: /^mvn -B -ntp -gs \S+\/settings\.xml package -DskipTests$/,
    warm: / -o package /,
  },
  {
    sample: 'java-gradle',
    jar: 'build/libs/java-gradle-1.0.jar',
    cold: /^gradle --no-daemon --console=plain assemble$/,
    warm: / --offline assemble$/,
  },
];

for (const s of samples) {
  describe(`${s.sample}: cold and cached builds, and the jar as web`, () => {
    const builder = sampleBuilder(java, 'java', s.sample);
    after(() => builder.cleanup());
    let cold: SampleBuild;

    it(`builds ${s.jar} and runs it with java -jar`, async (t: TestContext) => {
      cold = await builder.build(1);
      t.diagnostic(`${s.sample} cold build: ${cold.ms.toFixed(0)} ms`);
      const lines = commandLines(cold);
      assert.equal(lines[0], 'javac -version');
      assert.match(lines[1] ?? '', s.cold);
      assert.deepEqual(cold.artifact.runtime.processes, [
        { name: 'web', kind: 'web', command: `java -jar ${s.jar}` },
      ]);
      assert.equal(await answerOfWeb(cold.artifact, { GREETING: 'hi' }), `${s.sample}: hi v1\n`);
    });

    it('builds offline from the cache when the build files are unchanged', async (t: TestContext) => {
      const warm = await builder.build(2);
      t.diagnostic(
        `${s.sample} cached build: ${warm.ms.toFixed(0)} ms (cold: ${cold.ms.toFixed(0)} ms)`,
      );
      assert.match(commandLines(warm)[1] ?? '', s.warm);
      assert.match(
        warm.output(),
        /Reusing the (Maven repository|Gradle cache) \(cache key [0-9a-f]{16}\): building offline/,
      );
      assert.equal(await answerOfWeb(warm.artifact), `${s.sample}: hello v1\n`);
    });
  });
}
