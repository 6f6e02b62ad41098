// `hop3 plugins:install` and `plugins:remove` (root): external plugins go into the root-owned plugins
// directory, owned by root and writable by root only, so root can import them safely.
import {
  chmodSync,
  cpSync,
  existsSync,
  lchownSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { Hop3Error } from '../errors.js';
import type { RunCommand } from '../proc/run.js';
import { linkSdk } from './discover.js';

const NAME = /^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/;

/** Makes `path` and everything under it root:root and not writable by group or others (links are not followed). */
export function tightenTree(path: string): void {
  const st = lstatSync(path);
  lchownSync(path, 0, 0);
  if (st.isSymbolicLink()) return;
  if ((st.mode & 0o022) !== 0) chmodSync(path, st.mode & 0o7755);
  if (st.isDirectory()) for (const name of readdirSync(path)) tightenTree(join(path, name));
}

/** Creates the plugins directory, 0755 root:root. */
export function ensurePluginsDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  lchownSync(dir, 0, 0);
  chmodSync(dir, 0o755);
}

/**
 * Installs a plugin: a `.js`/`.mjs` file or a folder is copied in; anything else (a tarball, an npm spec)
 * goes through `npm install --ignore-scripts`. Returns what was installed, for the message.
 */
export async function installPlugin(
  dir: string,
  spec: string,
  run: RunCommand,
  installRoot: string,
): Promise<string> {
  ensurePluginsDir(dir);
  const local = resolve(spec);
  let installed: string;
  if (existsSync(local) && (statSync(local).isDirectory() || /\.m?js$/.test(local))) {
    const target = join(dir, basename(local));
    if (basename(local) === 'node_modules' || basename(local).startsWith('.')) {
      throw new Hop3Error('E_INVALID_VALUE', `cannot install ${local} as a plugin (name reserved)`);
    }
    rmSync(target, { recursive: true, force: true });
    cpSync(local, target, { recursive: true, dereference: true });
    installed = target;
  } else {
    const result = await run(
      'npm',
      [
        'install',
        '--prefix',
        dir,
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        existsSync(local) ? local : spec,
      ],
      {
        reject: false,
        timeoutMs: 600_000,
        env: { HOME: '/root' },
      },
    );
    if (result.exitCode !== 0) {
      throw new Hop3Error(
        'E_COMMAND_FAILED',
        `npm could not install ${spec} (exit code ${result.exitCode})`,
        { details: result.all.trim() },
      );
    }
    installed = `${spec} (npm, in ${join(dir, 'node_modules')})`;
  }
  tightenTree(dir);
  linkSdk(dir, installRoot);
  return installed;
}

/** Removes a plugin by its file, folder or npm package name. */
export async function removePlugin(dir: string, name: string, run: RunCommand): Promise<void> {
  if (!NAME.test(name))
    throw new Hop3Error('E_INVALID_VALUE', `invalid plugin name ${JSON.stringify(name)}`, {
      hint: 'the name shown by hop3 plugins',
    });
  const loose = join(dir, name);
  if (!name.startsWith('@') && name !== 'node_modules' && existsSync(loose)) {
    rmSync(loose, { recursive: true, force: true });
    return;
  }
  if (!existsSync(join(dir, 'node_modules', name))) {
    throw new Hop3Error('E_UNKNOWN_PLUGIN', `no plugin ${name} in ${dir}`, {
      hint: 'hop3 plugins lists the installed ones',
    });
  }
  const result = await run('npm', ['uninstall', '--prefix', dir, '--no-audit', '--no-fund', name], {
    reject: false,
    env: { HOME: '/root' },
  });
  if (result.exitCode !== 0) {
    throw new Hop3Error(
      'E_COMMAND_FAILED',
      `npm could not remove ${name} (exit code ${result.exitCode})`,
      { details: result.all.trim() },
    );
  }
}
