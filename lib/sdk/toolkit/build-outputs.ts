// SDK toolkit. What a compiled-language build leaves behind, turned into the default web process: executables in an
// output directory, and a command for them unless the Procfile serves HTTP itself.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { servesHttp, type ProcessDef } from '../../domain/procfile.js';
import { shellQuote } from '../../domain/shell-words.js';
import type { BuildContext } from '../build.js';

/** The names of the executable regular files directly in `dir` (sorted; empty when it does not exist). */
export function executables(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => {
      const stat = statSync(join(dir, name), { throwIfNoEntry: false });
      return stat !== undefined && stat.isFile() && (stat.mode & 0o111) !== 0;
    })
    .sort();
}

/** True when the Procfile already names a process that serves HTTP. */
export function procfileServes(ctx: Pick<BuildContext, 'config'>): boolean {
  return ctx.config.procfile.processes.some((p) => servesHttp(p.kind));
}

/** The default `web` process running `command`, unless the Procfile serves HTTP itself. */
export function defaultWeb(
  ctx: Pick<BuildContext, 'config'>,
  command: string | undefined,
): ProcessDef[] {
  return command === undefined || procfileServes(ctx)
    ? []
    : [{ name: 'web', kind: 'web', command }];
}

/** A word for a Procfile-style command: as is when it is plain, else single-quoted. */
export function shellWord(value: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(value) ? value : shellQuote(value);
}
