// Sites written by hop3 before the privilege boundary lived in $HOP3_HOME/nginx, a directory the hop3 user
// owns: each is read back into a request, re-validated and re-rendered by root, then the directory goes.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { PluginDeps, ProxySite } from '../../../lib/sdk.js';
import { nginxSettings } from './settings.js';

/** The old, hop3-owned sites directory. */
export const legacySitesDir = (home: string): string => join(home, 'nginx');

/** Reads the values hop3 printed into an old site file back (the result is untrusted: it is validated again). */
export function requestFromLegacySite(app: string, text: string): ProxySite {
  const all = (re: RegExp): string[] => [...text.matchAll(re)].map((m) => m[1] ?? '');
  const rootDir = /^\s*root "([^"]*)";/m.exec(text)?.[1];
  const aliases = [...text.matchAll(/^\s*location (\/\S*)\/ \{\s*alias "([^"]*)\/";/gm)].map(
    (m) => ({
      url: m[1] ?? '',
      dir: m[2] ?? '',
    }),
  );
  return {
    app,
    hosts: (/^\s*server_name ([^;]*);/m.exec(text)?.[1] ?? '')
      .split(/\s+/)
      .filter((h) => h.length > 0),
    upstreams: all(/^\s*server (\S+);/gm),
    static: [...(rootDir === undefined ? [] : [{ url: '/', dir: rootDir }]), ...aliases],
    revision: /return 200 "([^"]*)";/.exec(text)?.[1] ?? '',
  };
}

/** Re-installs every old site through `install` (which validates), warns about the refused ones, removes the old directory. */
export function migrateLegacySites(
  deps: Pick<PluginDeps, 'paths' | 'settings' | 'log'>,
  install: (app: string, request: ProxySite) => void,
): void {
  const dir = legacySitesDir(deps.paths.home);
  if (!existsSync(dir) || dir === nginxSettings(deps.settings).sitesDir) return;
  // `_*.conf` are hop3's own shared files (GLOBAL_FILE...): root writes them afresh, nothing to move.
  const files = readdirSync(dir).filter(
    (f) => f.endsWith('.conf') && !f.startsWith('_') && !f.startsWith('.'),
  );
  for (const file of files) {
    const app = basename(file, '.conf');
    try {
      install(app, requestFromLegacySite(app, readFileSync(join(dir, file), 'utf8')));
      deps.log.info(`nginx: moved the site of ${app} from ${dir}`);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      deps.log.warn(
        `nginx: the old site of ${app} was not moved (${why}); "hop3 boot" or a deploy writes it again`,
      );
    }
  }
  rmSync(dir, { recursive: true, force: true });
}
