// Backups are RDB snapshots streamed by `redis-cli --rdb`. A restore checks the file with
// redis-check-rdb, stops the instance, puts the file in place of its data, and starts it again; if it
// does not come back, the previous data is put back.
import { chmodSync, copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { Hop3Error, type AddonCredential, type PluginDeps } from '../../../lib/sdk.js';
import { cli, waitUntilAnswers } from './client.js';
import { redisServerBinary } from './instance.js';
import { redisFiles } from './layout.js';
import { startServer, stopServer } from './process.js';

type Deps = Pick<PluginDeps, 'run' | 'render' | 'paths' | 'which' | 'supervise'>;

/** Writes an RDB snapshot of the instance to `file`. */
export async function dumpTo(deps: Deps, credential: AddonCredential, file: string): Promise<void> {
  const result = await cli(deps.run, credential, ['--rdb', file], 60 * 60_000);
  if (result.exitCode !== 0 || !/Transfer finished with success/.test(result.all)) {
    throw new Hop3Error(
      'E_COMMAND_FAILED',
      `redis-cli --rdb could not back up redis addon ${credential.instance}`,
      { details: result.all.trim() },
    );
  }
}

/** Replaces the instance's data with an RDB file; on failure the data is as before. */
export async function restoreFrom(
  deps: Deps,
  credential: AddonCredential,
  file: string,
): Promise<void> {
  const check = await deps.run('redis-check-rdb', [file], {
    reject: false,
    timeoutMs: 60 * 60_000,
  });
  if (check.exitCode !== 0) {
    throw new Hop3Error(
      'E_BACKUP_INVALID',
      `${file} is not a valid Redis RDB file; nothing was changed`,
      {
        details: check.all
          .trim()
          .split('\n')
          .filter((l) => /ERROR|offset/i.test(l))
          .slice(0, 4)
          .join('\n'),
        hint: 'use a file written by addons:backup of a redis addon',
      },
    );
  }
  const binary = redisServerBinary(deps);
  const files = redisFiles(deps.paths, credential.instance);
  const previous = `${files.dump}.before-restore`;
  await stopServer(deps, files, credential.instance);
  if (existsSync(files.dump)) renameSync(files.dump, previous);
  copyFileSync(file, files.dump);
  chmodSync(files.dump, 0o600);
  await startServer(deps, files, credential.instance, binary);
  try {
    await waitUntilAnswers(deps.run, credential, () => 'it did not start with the restored file');
  } catch (error) {
    await stopServer(deps, files, credential.instance);
    rmSync(files.dump, { force: true });
    if (existsSync(previous)) renameSync(previous, files.dump);
    await startServer(deps, files, credential.instance, binary);
    throw error;
  }
  rmSync(previous, { force: true });
}
