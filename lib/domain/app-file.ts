// Readers of an app's own files: its config (Procfile, ENV, hop3.toml) never through a symlink, its other files
// (package.json, pyproject.toml, .python-version...) only where they resolve inside the app.
import {
  closeSync,
  constants,
  fstatSync,
  openSync,
  readFileSync,
  realpathSync,
  statSync,
} from 'node:fs';
import { join, sep } from 'node:path';
import { Hop3Error } from '../errors.js';

/**
 * Reads `<dir>/<name>` as UTF-8, or undefined when it does not exist. The file is opened with O_NOFOLLOW,
 * so a symlink (to /etc/passwd, another app's .env...) is refused with E_UNSAFE_PATH naming the file,
 * and so is anything but a regular file; nothing of what it points to is ever read.
 */
export function readAppFile(dir: string, name: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(
      join(dir, name),
      constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK,
    );
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ELOOP') throw unsafePath(name, 'is a symbolic link');
    throw error;
  }
  try {
    if (!fstatSync(fd).isFile()) throw unsafePath(name, 'is not a regular file');
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}

/** E_UNSAFE_PATH for an app file hop3 refuses to read (a link, a device...). */
export function unsafePath(name: string, why: string): Hop3Error {
  return new Hop3Error(
    'E_UNSAFE_PATH',
    `${name} ${why}: hop3 reads it only as a plain file of the repository`,
    {
      hint: `commit ${name} itself instead of a link to it; the previous release keeps serving`,
    },
  );
}

/**
 * Reads `<dir>/<path>` as UTF-8 when it resolves to a regular file inside `dir` (a link to another file of the
 * app is fine), undefined when it does not exist or is not a regular file. A link leading out of the app (to
 * /etc/passwd, hop3's state) is refused with E_UNSAFE_PATH, so no parse error ever quotes a file of the host.
 */
export function readSourceFile(dir: string, path: string): string | undefined {
  let real: string;
  try {
    real = realpathSync(join(dir, path));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const root = realpathSync(dir);
  if (!real.startsWith(`${root}${sep}`)) throw unsafePath(path, 'links outside the app');
  if (!statSync(real).isFile()) return undefined;
  return readAppFile(root, real.slice(root.length + 1));
}
