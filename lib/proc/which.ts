// Finds binaries on the system PATH without starting a process.
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { SYSTEM_PATH } from './run.js';

/** The absolute path of `binary` on `searchPath`, or undefined when it is not installed. */
export function which(binary: string, searchPath: string = SYSTEM_PATH): string | undefined {
  if (binary.includes('/')) return isExecutable(binary) ? binary : undefined;
  for (const dir of searchPath.split(':')) {
    if (!dir) continue;
    const candidate = join(dir, binary);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
