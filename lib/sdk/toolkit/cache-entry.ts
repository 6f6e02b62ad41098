// SDK toolkit. Dependency cache entries built in place (a virtualenv or a GEM_HOME cannot be moved: their scripts name
// paths inside them): `<cacheDir>/<key>/`, complete once its marker is written last; a failed build
// removes the whole entry. Entries no kept build refers to are removed by the core's release cleanup,
// so an artifact names the paths of the entry it uses. Used by the python, ruby and php toolchains.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The file that marks an entry as complete (written last). */
export const COMPLETE_MARKER = '.complete';

/** True when the entry `key` was built to the end. */
export function isComplete(cacheDir: string, key: string): boolean {
  return existsSync(join(cacheDir, key, COMPLETE_MARKER));
}

/** Builds entry `key` with `fill(entryDir)`: complete when it returns, removed when it throws. */
export async function buildEntry(
  cacheDir: string,
  key: string,
  note: string,
  fill: (dir: string) => Promise<void>,
): Promise<void> {
  const dir = join(cacheDir, key);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  try {
    await fill(dir);
    writeFileSync(join(dir, COMPLETE_MARKER), `${note}\n${new Date().toISOString()}\n`);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** The directory of entry `key`. */
export function entryDir(cacheDir: string, key: string): string {
  return join(cacheDir, key);
}
