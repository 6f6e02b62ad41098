// A failed release's files go at once; its build log stays, beside the release directories as
// releases/<n>.build.log, where `releases:info` and `logs --release` find it (the release row points there).
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { killProcessesIn } from '../proc/pids.js';
import type { Services } from './services.js';

/** Where a failed release's build log is kept. */
export function failedLogPath(s: Pick<Services, 'paths'>, app: string, release: number): string {
  return join(s.paths.releases(app), `${release}.build.log`);
}

/**
 * Removes a failed release's directory, stopping what still runs in it, and keeps its build log.
 * Never throws: a clean-up problem must not hide the failure that caused it.
 */
export function discardRelease(s: Pick<Services, 'paths' | 'state'>, app: { name: string; id: number }, release: number): void {
  const dir = s.paths.release(app.name, release);
  if (!existsSync(dir)) return;
  try {
    killProcessesIn(dir);
    const log = join(dir, 'build.log');
    if (existsSync(log)) {
      const kept = failedLogPath(s, app.name, release);
      renameSync(log, kept);
      const row = s.state.releases.find(app.id, release);
      if (row) s.state.releases.update(row.id, { buildLog: kept });
    }
    rmSync(dir, { recursive: true, force: true });
  } catch {
    // Left for apps:cleanup; the release is recorded as failed either way.
  }
}
