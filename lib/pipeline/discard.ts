// A failed release's files go at once; its build log stays in meta/, where `releases:info` and
// `logs --release` find it (the release row points there).
import { existsSync } from 'node:fs';
import type { Services } from './services.js';

/**
 * Removes a failed release's directory as the app's user, stopping what still runs in it first.
 * Never throws: a clean-up problem must not hide the failure that caused it.
 */
export async function discardRelease(
  s: Pick<Services, 'paths' | 'sandbox'>,
  app: string,
  release: number,
): Promise<void> {
  const dir = s.paths.release(app, release);
  if (!existsSync(dir)) return;
  try {
    await s.sandbox(app).files([
      { op: 'stop-processes', path: dir },
      { op: 'remove', path: dir },
    ]);
  } catch {
    // Left for apps:cleanup; the release is recorded as failed either way.
  }
}
