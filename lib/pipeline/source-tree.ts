// A read-only view of a release's source for toolchain detection.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readSourceFile } from '../domain/app-file.js';
import { isHop3Error } from '../errors.js';
import type { SourceTree } from '../sdk.js';

/** Wraps a directory as a SourceTree (paths are relative to it). */
export function sourceTree(dir: string): SourceTree {
  return {
    dir,
    has: (path) => existsSync(join(dir, path)),
    /** A file's text; undefined when missing, unreadable or not a plain file; E_UNSAFE_PATH when it links out of the app. */
    read(path) {
      try {
        return readSourceFile(dir, path);
      } catch (error) {
        if (isHop3Error(error)) throw error;
        return undefined;
      }
    },
    list: () => readdirSync(dir).sort(),
  };
}
