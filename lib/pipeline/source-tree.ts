// A read-only view of a release's source for toolchain detection.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceTree } from '../sdk.js';

/** Wraps a directory as a SourceTree (paths are relative to it). */
export function sourceTree(dir: string): SourceTree {
  return {
    dir,
    has: (path) => existsSync(join(dir, path)),
    read(path) {
      const file = join(dir, path);
      try {
        return statSync(file).isFile() ? readFileSync(file, 'utf8') : undefined;
      } catch {
        return undefined;
      }
    },
    list: () => readdirSync(dir).sort(),
  };
}
