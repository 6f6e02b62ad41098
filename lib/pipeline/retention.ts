// Retention: only the builds of the last N successful releases (and the current one) are kept, so the
// disk does not fill with old builds; a deploy refuses to start when the disk is nearly full.
import {
  existsSync,
  lstatSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statfsSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { Hop3Error } from '../errors.js';
import type { Release } from '../state/releases.js';
import { ARTIFACT_FILE, artifactFile } from './build.js';
import type { Services } from './services.js';

/** What a clean-up removed. */
export interface CleanupResult {
  /** Release numbers whose build was removed (their build.log stays). */
  builds: number[];
  /** Dependency cache entries removed. */
  cacheEntries: string[];
  freedBytes: number;
}

/** The build numbers to keep: those run by the newest `keep` successful releases, and the current one. */
export function keptBuilds(
  succeeded: readonly Release[],
  current: Release | undefined,
  keep: number,
): Set<number> {
  const kept = new Set<number>();
  for (const r of [...(current ? [current] : []), ...succeeded.slice(0, keep)])
    kept.add(r.buildNumber ?? r.number);
  return kept;
}

/** Bytes used by a file or directory tree (symbolic links count as themselves, not their target). */
export function diskUsage(path: string): number {
  const st = lstatSync(path, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.blocks * 512;
  return readdirSync(path).reduce(
    (sum, entry) => sum + diskUsage(join(path, entry)),
    st.blocks * 512,
  );
}

/** Everything a kept build points at: its symlinks' targets and the paths its artifact names. */
function referencesOf(s: Services, app: string, n: number, dir: string): string {
  const refs: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (lstatSync(path).isSymbolicLink()) refs.push(resolve(dir, readlinkSync(path)));
  }
  for (const artifact of [join(dir, ARTIFACT_FILE), artifactFile(s.paths, app, n)]) {
    if (existsSync(artifact)) refs.push(readFileSync(artifact, 'utf8'));
  }
  return refs.join('\n');
}

/** Removes old builds (keeping build.log) and dependency cache entries no kept build uses. */
export async function cleanupApp(
  s: Services,
  appName: string,
  keep = s.settings.keepReleases,
): Promise<CleanupResult> {
  const app = s.state.apps.get(appName);
  const current =
    app.currentRelease === null ? undefined : s.state.releases.find(app.id, app.currentRelease);
  const kept = keptBuilds(s.state.releases.succeeded(app.id, keep + 1), current, keep);
  const result: CleanupResult = { builds: [], cacheEntries: [], freedBytes: 0 };
  const releasesDir = s.paths.releases(appName);
  const numbers = existsSync(releasesDir)
    ? readdirSync(releasesDir)
        .filter((n) => /^\d+$/.test(n))
        .map(Number)
    : [];
  let references = '';
  const doomed: string[] = [];
  for (const n of numbers.sort((a, b) => a - b)) {
    const dir = s.paths.release(appName, n);
    if (kept.has(n)) {
      references += referencesOf(s, appName, n, dir);
      continue;
    }
    const entries = readdirSync(dir).filter((e) => e !== 'build.log');
    // Without its build, the release's artifact names nothing: rollback must see it is gone.
    rmSync(artifactFile(s.paths, appName, n), { force: true });
    if (entries.length === 0) continue;
    for (const entry of entries) {
      result.freedBytes += diskUsage(join(dir, entry));
      doomed.push(join(dir, entry));
    }
    result.builds.push(n);
  }
  const cache = s.paths.cache(appName);
  for (const tool of existsSync(cache) ? readdirSync(cache) : []) {
    for (const entry of readdirSync(join(cache, tool)).filter((e) => /^[0-9a-f]{16}$/.test(e))) {
      const path = join(cache, tool, entry);
      if (references.includes(path)) continue;
      result.freedBytes += diskUsage(path);
      doomed.push(path);
      result.cacheEntries.push(`${tool}/${entry}`);
    }
  }
  // Builds and caches belong to the app's user: removed as that user.
  await s.sandbox(appName).files(doomed.map((path) => ({ op: 'remove' as const, path })));
  return result;
}

/** Formats a byte count as "12.3 MB". */
export function formatBytes(bytes: number): string {
  return bytes >= 1024 ** 3
    ? `${(bytes / 1024 ** 3).toFixed(1)} GB`
    : `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}

/** Throws E_DISK_FULL when the disk holding HOP3_HOME has less free space than the settings require. */
export function checkDiskSpace(s: Pick<Services, 'paths' | 'settings'>): void {
  const fs = statfsSync(s.paths.home);
  const free = fs.bavail * fs.bsize;
  if (free >= s.settings.minFreeDiskMb * 1024 * 1024) return;
  throw new Hop3Error(
    'E_DISK_FULL',
    `only ${formatBytes(free)} free on the disk of ${s.paths.home}: a deploy needs ${s.settings.minFreeDiskMb} MB`,
    {
      hint: 'free some space (e.g. "apps:cleanup APP" removes old builds), then push again',
    },
  );
}
