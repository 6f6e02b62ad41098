// The nginx directory on disk: site file names, atomic writes, and the list of installed sites.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The global file; app names start with a letter, so it never collides with `<app>.conf`. */
export const GLOBAL_FILE = '_hop3.conf';

/** The site file of an app. */
export function siteFile(dir: string, app: string): string {
  return join(dir, `${app}.conf`);
}

/** A fresh temporary name beside `file` that the system nginx's `*.conf` include never matches. */
function tempFileFor(file: string): string {
  return `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
}

/** Writes `file` through a temporary file and a rename, so readers see the old or the new content. */
export function writeAtomic(file: string, content: string): void {
  const temp = tempFileFor(file);
  try {
    writeFileSync(temp, content, { mode: 0o644 });
    renameSync(temp, file);
  } finally {
    rmSync(temp, { force: true });
  }
}

/** The content of `file`, or undefined when it does not exist. */
export function readIfExists(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/** Writes `file` atomically unless it already holds `content`; true when it wrote. */
export function writeIfChanged(file: string, content: string): boolean {
  if (readIfExists(file) === content) return false;
  writeAtomic(file, content);
  return true;
}

/** Every installed app site in `dir` (sorted, as nginx's glob include orders them), except `app`'s. */
export function siteFiles(dir: string, exceptApp?: string): string[] {
  if (!existsSync(dir)) return [];
  const skip = new Set([GLOBAL_FILE, ...(exceptApp === undefined ? [] : [`${exceptApp}.conf`])]);
  return readdirSync(dir, { withFileTypes: true })
    .filter(
      (e) =>
        !e.isDirectory() &&
        !e.name.startsWith('.') &&
        e.name.endsWith('.conf') &&
        !skip.has(e.name),
    )
    .map((e) => e.name)
    .sort()
    .map((name) => join(dir, name));
}
