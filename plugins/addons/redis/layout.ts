// Where one redis addon lives: $HOP3_HOME/addons/redis/<name>/ (config, data, logs).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hop3Error, type Paths } from '../../../lib/sdk.js';

/** The files of one instance. */
export interface RedisFiles {
  dir: string;
  conf: string;
  pidFile: string;
  dump: string;
  log: string;
}

// The supervisor takes plain words only (and redis.conf quotes nothing).
const PLAIN_PATH = /^\/[A-Za-z0-9_./-]+$/;

/** All redis instance directories. */
export const redisRoot = (paths: Paths): string => join(paths.home, 'addons', 'redis');

/** The files of instance `name` (a validated addon name). */
export function redisFiles(paths: Paths, name: string): RedisFiles {
  const dir = join(redisRoot(paths), name);
  const files = {
    dir,
    conf: join(dir, 'redis.conf'),
    pidFile: join(dir, 'redis.pid'),
    dump: join(dir, 'dump.rdb'),
    log: join(dir, 'redis.log'),
  };
  for (const path of Object.values(files)) {
    if (!PLAIN_PATH.test(path)) {
      throw new Hop3Error(
        'E_INVALID_VALUE',
        `the redis addon path ${JSON.stringify(path)} cannot be given to the process supervisor`,
        {
          hint: 'HOP3_HOME must be a plain path (letters, digits, "/", ".", "_", "-")',
        },
      );
    }
  }
  return files;
}

/** Ports of every redis instance, from their configs (so a stopped one keeps its port). */
export function takenPorts(paths: Paths): Set<number> {
  const root = redisRoot(paths);
  const ports = new Set<number>();
  if (!existsSync(root)) return ports;
  for (const name of readdirSync(root)) {
    try {
      const m = /^port (\d+)$/m.exec(readFileSync(join(root, name, 'redis.conf'), 'utf8'));
      if (m) ports.add(Number(m[1]));
    } catch {
      // a directory without a config is a half-made instance: it holds no port
    }
  }
  return ports;
}
