// The contract every language toolchain passes: it detects its sample (and says why), leaves the other
// sample apps to others, builds its sample for real into a valid artifact, and fails on a broken copy of
// it with E_BUILD_FAILED and the tool's own words. Builds go through buildRelease, as in the pipeline.
import assert from 'node:assert/strict';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { loadAppConfig } from '../../lib/domain/app-config.js';
import { createReporter } from '../../lib/output/reporter.js';
import { createPaths } from '../../lib/paths.js';
import { ARTIFACT_FILE } from '../../lib/pipeline/build.js';
import { selectToolchain } from '../../lib/pipeline/detect.js';
import { sourceTree } from '../../lib/pipeline/source-tree.js';
import { createRegistry, type LoadedPlugin } from '../../lib/plugins/registry.js';
import { which } from '../../lib/proc/which.js';
import {
  isHop3Error,
  type BuildArtifact,
  type LanguageToolchain,
  type PluginDefinition,
} from '../../lib/sdk.js';
import { packageFor } from '../../plugins/os/debian/packages.js';
import { fixtureDir, pluginDeps } from '../helpers/build-context.js';
import {
  buildServices,
  builtinToolchains,
  pipelineBuild,
  type PipelineBuild,
} from '../helpers/pipeline-build.js';

export { builtinToolchains } from '../helpers/pipeline-build.js';

/** What one toolchain's contract run needs. */
export interface ToolchainContractSpec {
  toolchain: PluginDefinition<LanguageToolchain>;
  /** The plugin's name (its folder under plugins/toolchains). */
  name: string;
  /** Its sample app: a directory under test/fixtures/apps. */
  sample: string;
  /** The artifact kind its build must produce. */
  kind: string;
  /** Files written over a copy of the sample to break its build (relative path -> contents). */
  broken: Record<string, string>;
  /** The tool's own words expected in the failure output. */
  brokenMessage: RegExp;
  /** Sample apps it must not be chosen for; default: every sample whose name does not have the word `<name>` ("node-pnpm", "addon-node"). */
  otherSamples?: string[];
  /** Config vars the builds get (e.g. a local package index). */
  env?: Record<string, string>;
}

const PROCESS_KINDS: readonly string[] = ['web', 'wsgi', 'rwsgi', 'php', 'worker', 'cron'];
const SAMPLES_DIR = dirname(fixtureDir('x'));

function defaultOthers(spec: ToolchainContractSpec): string[] {
  return readdirSync(SAMPLES_DIR)
    .filter(
      (n) =>
        n !== spec.sample &&
        !n.split('-').includes(spec.name) &&
        statSync(join(SAMPLES_DIR, n)).isDirectory(),
    )
    .sort();
}

/** Selects among all built-in toolchains for a directory; returns the choice's name and what was printed. */
async function selectFor(
  toolchains: LoadedPlugin[],
  dir: string,
): Promise<{ name?: string; printed: string; error?: string }> {
  let printed = '';
  const log = createReporter({ write: (chunk: string) => (printed += chunk) });
  try {
    const picked = await selectToolchain(
      createRegistry(toolchains),
      sourceTree(dir),
      loadAppConfig(dir),
      log,
    );
    return { name: picked.toolchain.name, printed };
  } catch (error) {
    if (!isHop3Error(error) || error.code !== 'E_NO_TOOLCHAIN') throw error;
    return { printed, error: error.code };
  }
}

/** An error as text: message and, for a Hop3Error, the tool's last lines. */
function explain(error: unknown): string {
  if (isHop3Error(error)) return `${error.code}: ${error.message}\n${error.details ?? ''}`;
  return error instanceof Error ? (error.stack ?? error.message) : JSON.stringify(error);
}

/** Checks the artifact describes a runnable build of `dir`. */
function checkArtifact(
  spec: ToolchainContractSpec,
  artifact: BuildArtifact,
  dir: string,
  app: string,
): void {
  assert.equal(artifact.kind, spec.kind);
  assert.equal(artifact.toolchain, spec.name);
  assert.equal(artifact.builder, 'local');
  assert.equal(artifact.app, app);
  assert.equal(artifact.location, dir);
  assert.match(artifact.buildId, /^[0-9a-f]{40}$/);
  assert.ok(!Number.isNaN(Date.parse(artifact.builtAt)), `builtAt ${artifact.builtAt}`);
  const rt = artifact.runtime;
  assert.equal(rt.workingDir, dir);
  for (const [key, value] of Object.entries(rt.env)) {
    assert.match(key, /^[A-Za-z_][A-Za-z0-9_]*$/);
    assert.equal(typeof value, 'string', `env ${key}`);
  }
  for (const p of rt.path) assert.ok(isAbsolute(p) && !p.includes(':'), `PATH entry ${p}`);
  assert.ok(
    rt.processes.length > 0 || rt.static.length > 0,
    'the artifact runs nothing and serves nothing',
  );
  for (const p of rt.processes) {
    assert.ok(PROCESS_KINDS.includes(p.kind), `process ${p.name} has an unknown kind ${p.kind}`);
    assert.ok(p.command.trim().length > 0, `process ${p.name} has no command`);
  }
  for (const s of rt.static) assert.ok(statSync(s.dir).isDirectory(), `static dir ${s.dir}`);
  if (rt.virtualenv !== undefined)
    assert.ok(existsSync(join(rt.virtualenv, 'bin', 'python')), `virtualenv ${rt.virtualenv}`);
  // The pipeline saves it (in apps/<app>/meta): it must survive a JSON round trip unchanged.
  assert.deepEqual(JSON.parse(JSON.stringify(artifact)), artifact);
}

/** Registers the contract tests of one toolchain (node:test). */
export function toolchainContract(spec: ToolchainContractSpec): void {
  describe(`${spec.name} toolchain contract (sample ${spec.sample})`, () => {
    const root = mkdtempSync(join(tmpdir(), `hop3-contract-${spec.name}-`));
    const home = join(root, 'home');
    const paths = createPaths(home);
    let toolchains: LoadedPlugin<'toolchain'>[] = [];
    const instance = spec.toolchain(pluginDeps());
    after(() => rmSync(root, { recursive: true, force: true }));

    before(async () => {
      for (const binary of instance.requires ?? []) {
        const pkg = packageFor(binary) ?? binary;
        assert.ok(
          which(binary),
          `"${binary}" is not installed: the ${spec.name} contract needs it (apt-get install -y ${pkg})`,
        );
      }
      toolchains = await builtinToolchains();
      assert.ok(
        toolchains.some((t) => t.name === spec.name),
        `plugins/toolchains/${spec.name}/index.ts is missing`,
      );
    });

    /** Builds a release dir of `app` through buildRelease with this toolchain. */
    const build = (app: string, dir: string): Promise<PipelineBuild> =>
      pipelineBuild(buildServices(home), {
        app,
        dir,
        toolchain: { ...instance, name: spec.name },
        ...(spec.env ? { env: spec.env } : {}),
      });

    function copySample(app: string): string {
      const dir = paths.release(app, 1);
      mkdirSync(dir, { recursive: true });
      cpSync(fixtureDir(spec.sample), dir, { recursive: true });
      return dir;
    }

    it(`detects ${spec.sample} and prints why`, async () => {
      const dir = fixtureDir(spec.sample);
      const detection = await instance.detect(sourceTree(dir), loadAppConfig(dir));
      assert.ok(detection, `${spec.name} does not detect ${spec.sample}`);
      assert.ok(detection.reason.trim().length > 0, 'the detection reason is empty');
      const picked = await selectFor(toolchains, dir);
      assert.equal(
        picked.name,
        spec.name,
        `${spec.sample} is built by ${picked.name ?? 'nothing'}, not ${spec.name}`,
      );
      assert.ok(picked.printed.includes(detection.reason), picked.printed);
    });

    it('leaves the other sample apps to other toolchains', async () => {
      for (const other of spec.otherSamples ?? defaultOthers(spec)) {
        const dir = fixtureDir(other);
        const detection = await instance.detect(sourceTree(dir), loadAppConfig(dir));
        if (detection === null) continue;
        const picked = await selectFor(toolchains, dir);
        assert.notEqual(
          picked.name,
          spec.name,
          `${spec.name} claims ${other} (${detection.reason}) and wins`,
        );
      }
    });

    it(`builds ${spec.sample} into a valid ${spec.kind} artifact`, async (t: TestContext) => {
      const app = `${spec.name}-contract`;
      const dir = copySample(app);
      const built = await build(app, dir);
      if (built.error !== undefined) {
        assert.fail(`build failed: ${explain(built.error)}\n${built.output}`);
      }
      t.diagnostic(`${spec.sample} built in ${built.ms.toFixed(0)} ms`);
      assert.ok(built.artifact);
      checkArtifact(spec, built.artifact, dir, app);
    });

    it("fails on a broken sample with E_BUILD_FAILED and the tool's own words", async () => {
      const app = `${spec.name}-broken`;
      const dir = copySample(app);
      for (const [file, text] of Object.entries(spec.broken)) {
        mkdirSync(dirname(join(dir, file)), { recursive: true });
        writeFileSync(join(dir, file), text);
      }
      const built = await build(app, dir);
      assert.ok(built.error !== undefined, `the broken ${spec.sample} built:\n${built.output}`);
      assert.ok(isHop3Error(built.error), explain(built.error));
      const error = built.error;
      assert.equal(error.code, 'E_BUILD_FAILED', `${error.code}: ${error.message}`);
      const text = [built.output, error.message, error.details ?? '', error.hint ?? ''].join('\n');
      assert.match(text, spec.brokenMessage);
      assert.ok(!existsSync(join(dir, ARTIFACT_FILE)), 'a failed build saved an artifact');
    });
  });
}
