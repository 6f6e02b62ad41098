// The contract every deployer passes, with what it runs for real: it accepts the artifacts it can run and
// refuses the others, starts a generation whose web instances answer on the upstreams it returns (the
// environment taken literally), runs a new generation beside the old one, retire(app, keep) stops only
// the others, status() reports what runs, and retire(app) stops everything (idempotently).
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { silentReporter } from '../../lib/output/reporter.js';
import { SYSTEM_PATH } from '../../lib/proc/run.js';
import {
  servesHttp,
  type BuildArtifact,
  type Deployer,
  type DeploymentInfo,
  type PluginDefinition,
  type PluginDeps,
  type ProcessDef,
} from '../../lib/sdk.js';
import { checkDefinition, eventually } from './plugin.js';

/** A value with shell and ini metacharacters: it must reach the app as is. */
export const MESSAGE = `x$(id) %d 'q' "dq" \`uname\` $HOME @(x)`;

/** A web app answering `$MESSAGE|$HOP3_RELEASE` on $PORT (the default sample). */
const SERVER_JS = `require('http').createServer((req, res) => res.end(process.env.MESSAGE + '|' + process.env.HOP3_RELEASE))
  .listen(Number(process.env.PORT), process.env.BIND_ADDRESS || '127.0.0.1');
`;

/** What an artifact runs: its files, processes and static directories (relative to the release). */
export interface DeployerSample {
  files: Record<string, string>;
  processes: ProcessDef[];
  static?: string[];
}

/** A running host for the deployer (a supervisor, ...) and the plugin's dependencies pointing at it. */
export interface DeployerHost {
  home: string;
  deps: PluginDeps;
  stop(): Promise<void>;
}

/** What one deployer's contract run needs. */
export interface DeployerContractSpec {
  deployer: PluginDefinition<Deployer>;
  /** Its name (its folder under plugins/deployers). */
  name: string;
  /** Starts what the deployer needs (e.g. a private uWSGI emperor) over a fresh home. */
  start(): Promise<DeployerHost>;
  /** What it runs; default: a node web process answering `$MESSAGE|$HOP3_RELEASE`. */
  sample?: DeployerSample;
  /** Artifacts it must refuse. */
  refuses: DeployerSample[];
}

/** The default sample: one web process. */
export const WEB_SAMPLE: DeployerSample = {
  files: { 'server.js': SERVER_JS },
  processes: [{ name: 'web', kind: 'web', command: 'node server.js' }],
};

/** GET / on a local address: the body, or undefined when nothing answers. */
function get(address: string): Promise<string | undefined> {
  const [host, port] = address.split(':');
  return new Promise((resolve) => {
    const req = request(
      { host, port: Number(port), path: '/', timeout: 2000, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve(body));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

/** Registers the contract tests of one deployer (node:test). */
export function deployerContract(spec: DeployerContractSpec): void {
  const sample = spec.sample ?? WEB_SAMPLE;
  describe(`${spec.name} deployer contract`, () => {
    let host: DeployerHost | undefined;
    let deployer: Deployer | undefined;
    let generation = 0;
    const app = 'contract';

    before(async () => {
      host = await spec.start();
      deployer = spec.deployer(host.deps);
    });
    const plugin = (): Deployer => {
      assert.ok(deployer, 'the deployer did not start');
      return deployer;
    };
    after(async () => {
      if (deployer) await plugin().retire(app);
      await host?.stop();
    });

    /** The artifact of `what` in release `release` of `name` (files written to the release directory). */
    function artifact(what: DeployerSample, release: number, name = app): BuildArtifact {
      const dir = host!.deps.paths.release(name, release);
      mkdirSync(dir, { recursive: true });
      for (const [file, text] of Object.entries(what.files)) {
        mkdirSync(dirname(join(dir, file)), { recursive: true });
        writeFileSync(join(dir, file), text);
      }
      return {
        kind: 'generic',
        location: dir,
        builder: 'local',
        toolchain: 'generic',
        app: name,
        buildId: 'f'.repeat(40),
        builtAt: new Date().toISOString(),
        metadata: {},
        runtime: {
          env: {},
          path: [],
          workingDir: dir,
          processes: what.processes,
          static: (what.static ?? []).map((d) => ({ url: '/', dir: join(dir, d) })),
          healthcheck: { timeoutSec: 10 },
        },
      };
    }

    async function deploy(
      release: number,
      formation: Record<string, number>,
    ): Promise<DeploymentInfo> {
      generation += 1;
      return plugin().deploy({
        app,
        release,
        generation,
        artifact: artifact(sample, release),
        env: {
          APP: app,
          HOP3_RELEASE: String(release),
          HOME: host!.home,
          PATH: SYSTEM_PATH,
          MESSAGE,
        },
        formation,
        log: silentReporter,
      });
    }

    /** Checks what deploy() returned against the request: one instance per formation count, web ones upstreams. */
    function checkInfo(
      info: DeploymentInfo,
      release: number,
      formation: Record<string, number>,
    ): void {
      assert.equal(info.deployer, spec.name);
      assert.equal(info.release, release);
      assert.equal(info.generation, generation);
      const expected = sample.processes.flatMap((p) =>
        Array.from({ length: formation[p.name] ?? 1 }, (_, i) => ({
          process: p.name,
          kind: p.kind,
          index: i + 1,
        })),
      );
      assert.deepEqual(
        info.instances.map((i) => ({ process: i.process, kind: i.kind, index: i.index })),
        expected,
      );
      const web = info.instances.filter((i) => servesHttp(i.kind));
      for (const i of web) assert.ok(i.port !== undefined, `${i.process}.${i.index} has no port`);
      assert.deepEqual(
        info.upstreams,
        web.map((i) => `127.0.0.1:${i.port ?? 0}`),
      );
      assert.equal(
        new Set(info.upstreams).size,
        info.upstreams.length,
        'two instances share a port',
      );
    }

    const answers = async (info: DeploymentInfo, release: number): Promise<void> => {
      for (const upstream of info.upstreams) {
        assert.equal(
          await eventually(`${upstream} to answer`, () => get(upstream)),
          `${MESSAGE}|${release}`,
        );
      }
    };

    it(`is a deployer plugin named ${spec.name} with every member`, () => {
      checkDefinition(spec.deployer, 'deployer', spec.name, plugin());
    });

    it('accepts its sample and refuses what it cannot run', () => {
      assert.equal(plugin().accept(artifact(sample, 99, 'probe')), true);
      for (const other of spec.refuses)
        assert.equal(
          plugin().accept(artifact(other, 99, 'probe')),
          false,
          JSON.stringify(other.processes),
        );
    });

    it('starts a generation whose web instances answer on its upstreams, with the environment as given', async () => {
      const formation = Object.fromEntries(sample.processes.map((p) => [p.name, 1]));
      const info = await deploy(1, formation);
      checkInfo(info, 1, formation);
      await answers(info, 1);
      const status = await plugin().status(app);
      assert.deepEqual(
        status.map((s) => [s.process, s.index, s.port, s.generation]),
        info.instances.map((i) => [i.process, i.index, i.port, generation]),
      );
      for (const s of status) {
        assert.ok(['running', 'starting', 'crashed', 'stopped'].includes(s.state), s.state);
        assert.ok(s.restarts >= 0);
        assert.equal(typeof s.logFile, 'string');
      }
    });

    it('runs a new generation beside the old one; retire(app, keep) stops only the old one', async () => {
      const old = await plugin().status(app);
      const formation = Object.fromEntries(sample.processes.map((p) => [p.name, 2]));
      const info = await deploy(2, formation);
      checkInfo(info, 2, formation);
      await answers(info, 2);
      const oldWeb = old.filter((s) => s.port !== undefined).map((s) => `127.0.0.1:${s.port ?? 0}`);
      for (const upstream of oldWeb)
        assert.equal(await get(upstream), `${MESSAGE}|1`, `${upstream} stopped before retire`);
      await plugin().retire(app, info.generation);
      for (const upstream of oldWeb)
        assert.equal(await get(upstream), undefined, `${upstream} still answers after retire`);
      await answers(info, 2);
      const status = await plugin().status(app);
      assert.ok(
        status.every((s) => s.generation === info.generation),
        JSON.stringify(status),
      );
      assert.equal(status.length, info.instances.length);
    });

    it('retire(app) stops everything, and again, and for an app never deployed', async () => {
      const running = (await plugin().status(app))
        .filter((s) => s.port !== undefined)
        .map((s) => `127.0.0.1:${s.port ?? 0}`);
      await plugin().retire(app);
      assert.deepEqual(await plugin().status(app), []);
      for (const upstream of running)
        assert.equal(await get(upstream), undefined, `${upstream} still answers`);
      await plugin().retire(app);
      await plugin().retire('never-deployed');
      assert.deepEqual(await plugin().status('never-deployed'), []);
    });
  });
}
