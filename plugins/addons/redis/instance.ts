// One redis addon: its own redis-server on a port of its own, opened by its own password only.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import {
  Hop3Error,
  writeFileAtomic,
  type AddonCredential,
  type PluginDeps,
} from '../../../lib/sdk.js';
import { cli, waitUntilAnswers } from './client.js';
import { redisFiles, takenPorts } from './layout.js';
import { pickPort, startServer, stopServer, superviseUnavailable } from './process.js';

type Deps = Pick<PluginDeps, 'run' | 'render' | 'paths' | 'which' | 'supervise'>;

const SETUP_HINT = 'as root: hop3 setup --with redis';

/** The redis-server binary, or E_ADDON_SERVER naming the fix. */
export function redisServerBinary(deps: Pick<Deps, 'which'>): string {
  const binary = deps.which('redis-server');
  if (binary === undefined || deps.which('redis-cli') === undefined) {
    throw new Hop3Error(
      'E_ADDON_SERVER',
      'Redis is not installed here (no redis-server or redis-cli)',
      { hint: SETUP_HINT },
    );
  }
  return binary;
}

/** Throws E_ADDON_SERVER unless Redis is installed and the supervisor that runs the instances is up. */
export function checkRedis(deps: Deps): void {
  redisServerBinary(deps);
  const why = superviseUnavailable(deps);
  if (why !== undefined)
    throw new Hop3Error('E_ADDON_SERVER', `cannot run redis addons: ${why}`, {
      hint: 'as root: hop3 setup',
    });
}

const logTail = (file: string): string =>
  existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').slice(-8).join('\n') : '';

/** Writes the config, starts the server, and waits until the new redis-server answers with the password. */
export async function createInstance(deps: Deps, instance: string): Promise<AddonCredential> {
  const binary = redisServerBinary(deps);
  const files = redisFiles(deps.paths, instance);
  // hop3 has no record of this name (it checked), so anything there is left from a failed creation.
  await dropInstance(deps, instance);
  const port = await pickPort(takenPorts(deps.paths));
  const password = randomBytes(24).toString('base64url');
  mkdirSync(files.dir, { recursive: true, mode: 0o700 });
  const conf = deps.render('addons/redis/redis.conf.njk', {
    name: instance,
    port,
    dir: files.dir,
    pidFile: files.pidFile,
    passwordHash: createHash('sha256').update(password).digest('hex'),
  });
  writeFileAtomic(files.conf, conf, 0o600);
  const credential: AddonCredential = {
    addonType: 'redis',
    instance,
    values: { host: '127.0.0.1', port: String(port), password },
  };
  await startServer(deps, files, instance, binary);
  await waitUntilAnswers(deps.run, credential, () => logTail(files.log));
  return credential;
}

/** Stops the instance and deletes its directory (its data); idempotent, works from the name alone. */
export async function dropInstance(deps: Deps, instance: string): Promise<void> {
  const files = redisFiles(deps.paths, instance);
  await stopServer(deps, files, instance);
  rmSync(files.dir, { recursive: true, force: true });
}

/** Version, keys and memory as the instance reports them; `status` says whether it answers. */
export async function describeInstance(
  deps: Deps,
  credential: AddonCredential,
): Promise<Record<string, string> & { status: string }> {
  const info = await cli(deps.run, credential, ['info', 'server'], 5000);
  const version = /^redis_version:(.+)$/m.exec(info.stdout)?.[1]?.trim();
  if (info.exitCode !== 0 || version === undefined)
    return { status: `unavailable: ${info.all.trim().split('\n')[0] || 'no answer'}` };
  const memory =
    /^used_memory_human:(.+)$/m
      .exec((await cli(deps.run, credential, ['info', 'memory'], 5000)).stdout)?.[1]
      ?.trim() ?? '?';
  const keys = (await cli(deps.run, credential, ['dbsize'], 5000)).stdout.trim();
  return {
    status: 'available',
    server: `Redis ${version}`,
    port: credential.values.port ?? '',
    keys,
    memory,
  };
}
