// Starts one generation of an app: picks ports, writes every instance's run files, then its vassal, then wakes the emperor.
import {
  Hop3Error,
  instanceEnv,
  servesHttp,
  type AppSandbox,
  type FileOp,
  type RunCommand,
  type Settings,
  type DeploymentInfo,
  type DeployRequest,
  type InstanceInfo,
  type Paths,
  type RenderTemplate,
} from '../../../lib/sdk.js';
import { emperorFiles, wakeEmperor } from './emperor.js';
import { generationDir, instanceFiles, listInstances, vassalDir } from './layout.js';
import { pickPort } from './ports.js';
import {
  jsonEnvFile,
  nulEnvFile,
  renderLauncher,
  renderShim,
  renderVassal,
  shellEnvFile,
  type InstanceSpec,
} from './render.js';
import { checkServerPlugin, renderPhpShim, renderRackShim } from './servers.js';
import { recordedPorts, type InstanceMeta } from './status.js';

const APP_NAME = /^[a-z][a-z0-9-]{0,62}$/;
const PROCESS_NAME = /^[a-z][a-z0-9_-]*$/;

/** One instance's files, rendered before anything is written (so a bad value fails the deploy cleanly). */
interface RenderedInstance {
  spec: InstanceSpec;
  /** File -> content, all private to the hop3 user. */
  runFiles: [string, string][];
  vassal: string;
}

/** The instances a request asks for, each with a fresh port when it serves HTTP. */
async function planInstances(paths: Paths, request: DeployRequest): Promise<InstanceSpec[]> {
  if (!APP_NAME.test(request.app))
    throw new Hop3Error('E_INVALID_NAME', `invalid app name ${JSON.stringify(request.app)}`);
  const runtime = request.artifact.runtime;
  const taken = recordedPorts(paths);
  // Beside a live generation, each instance writes a log of its own: a failed start shows only its lines.
  const beside = listInstances(paths, request.app).some((k) => k.generation !== request.generation);
  const specs: InstanceSpec[] = [];
  for (const def of runtime.processes) {
    if (!PROCESS_NAME.test(def.name))
      throw new Hop3Error('E_PROCFILE', `invalid process type ${JSON.stringify(def.name)}`);
    if (def.kind === 'rwsgi' || def.kind === 'php') checkServerPlugin(def.kind);
    const count =
      def.kind === 'cron'
        ? Math.min(1, request.formation[def.name] ?? 1)
        : (request.formation[def.name] ?? 1);
    for (let index = 1; index <= count; index++) {
      const key = { app: request.app, generation: request.generation, process: def.name, index };
      const serves = servesHttp(def.kind);
      const files = instanceFiles(paths, key);
      specs.push({
        key,
        process: def,
        ...(serves ? { port: await pickPort(taken) } : {}),
        workingDir: runtime.workingDir,
        ...(runtime.virtualenv === undefined ? {} : { virtualenv: runtime.virtualenv }),
        files: beside ? { ...files, logFile: files.generationLog } : files,
      });
    }
  }
  return specs;
}

/** The files an instance's process reads: its environment and what uWSGI loads or runs. */
function runFilesOf(
  render: RenderTemplate,
  spec: InstanceSpec,
  env: Record<string, string>,
): [string, string][] {
  const { files } = spec;
  switch (spec.process.kind) {
    case 'wsgi':
      return [
        [files.jsonEnv, jsonEnvFile(env)],
        [files.shim, renderShim(render, spec)],
      ];
    case 'rwsgi':
      return [
        [files.nulEnv, nulEnvFile(env)],
        [files.rubyShim, renderRackShim(render, spec)],
      ];
    case 'php':
      return [
        [files.nulEnv, nulEnvFile(env)],
        [files.phpShim, renderPhpShim(render, spec)],
      ];
    default:
      return [
        [files.shellEnv, shellEnvFile(env)],
        [files.launcher, renderLauncher(render, spec)],
      ];
  }
}

function renderInstance(
  render: RenderTemplate,
  request: DeployRequest,
  spec: InstanceSpec,
): RenderedInstance {
  const { key, process, files } = spec;
  const env = {
    ...instanceEnv(request, {
      process: key.process,
      index: key.index,
      ...(spec.port === undefined ? {} : { port: spec.port }),
    }),
    BIND_ADDRESS: '127.0.0.1',
  };
  const meta: InstanceMeta = {
    release: request.release,
    kind: process.kind,
    ...(spec.port === undefined ? {} : { port: spec.port }),
  };
  const runFiles = runFilesOf(render, spec, env);
  runFiles.push([files.meta, `${JSON.stringify(meta)}\n`], [files.starts, '']);
  return { spec, runFiles, vassal: renderVassal(render, spec) };
}

/** What the deployer needs from the host: its paths and settings, the app's sandbox and the command runner. */
export interface UwsgiHost {
  paths: Paths;
  settings: Settings;
  render: RenderTemplate;
  run: RunCommand;
  sandbox: (app: string) => AppSandbox;
}

// Files the app's processes read are private to its user; hop3 reads meta and starts through the group.
const PRIVATE = 0o600;
const SHARED = 0o640;

/** Writes the generation's instances (as the app's user) beside the running ones; returns where the web ones will listen. */
export async function deployGeneration(
  host: UwsgiHost,
  request: DeployRequest,
): Promise<DeploymentInfo> {
  const { paths, render } = host;
  const specs = await planInstances(paths, request);
  const rendered = specs.map((spec) => renderInstance(render, request, spec));
  const sandbox = host.sandbox(request.app);
  const isolated = sandbox.user !== undefined;
  const ops: FileOp[] = [
    { op: 'mkdir', path: paths.run(request.app), mode: isolated ? 0o2750 : 0o700 },
    // Never setgid: the emperor gives a vassal the group of its ini, which must be the app's own.
    { op: 'mkdir', path: vassalDir(paths, request.app), mode: 0o750 },
    {
      op: 'mkdir',
      path: generationDir(paths, request.app, request.generation),
      mode: isolated ? 0o2750 : 0o700,
    },
    { op: 'mkdir', path: paths.logs(request.app), mode: isolated ? 0o2750 : 0o755 },
  ];
  for (const { spec, runFiles, vassal } of rendered) {
    for (const file of [spec.files.pid, spec.files.vassalPid])
      ops.push({ op: 'remove', path: file });
    for (const [file, content] of runFiles) {
      ops.push({
        op: 'write',
        path: file,
        content,
        mode: file === spec.files.meta || file === spec.files.starts ? SHARED : PRIVATE,
      });
    }
    ops.push({ op: 'write', path: spec.files.vassal, content: vassal, mode: SHARED });
  }
  await sandbox.files(ops);
  if (rendered.length > 0 && !(await wakeEmperor(paths, host.settings, host.run))) {
    request.log.warn(
      `the uWSGI emperor is not running (no live pid in ${emperorFiles(paths, host.settings).pid}): the processes start when it does`,
    );
  }
  const instances: InstanceInfo[] = specs.map((s) => ({
    process: s.key.process,
    kind: s.process.kind,
    index: s.key.index,
    ...(s.port === undefined ? {} : { port: s.port }),
  }));
  for (const i of instances)
    request.log.info(
      `${i.process}.${i.index}${i.port === undefined ? '' : ` on 127.0.0.1:${i.port}`}`,
    );
  return {
    deployer: 'uwsgi',
    release: request.release,
    generation: request.generation,
    instances,
    upstreams: instances.flatMap((i) => (i.port === undefined ? [] : [`127.0.0.1:${i.port}`])),
  };
}
