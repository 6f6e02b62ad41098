// Addons as a pipeline stage: the variables an app gets from its addons are computed from the state each
// time its processes start (or a deploy builds), in memory: no copy on disk that could go stale.
import { rmSync } from 'node:fs';
import { addonSecrets, appAddonEnv, mergeAddonEnv } from '../addons/env.js';
import { oldAppEnvFiles } from '../addons/layout.js';
import type { Reporter } from '../output/reporter.js';
import type { App } from '../state/apps.js';
import type { Services } from './services.js';

/** The addon variables of the app now; their secrets are masked in `log` from here on. */
export function addonEnvStage(
  s: Services,
  app: Pick<App, 'id' | 'name'>,
  log: Reporter,
): Record<string, string> {
  removeOldEnvFiles(s, app.name);
  const entries = appAddonEnv(s, app);
  for (const secret of addonSecrets(entries)) log.redact(secret);
  return mergeAddonEnv(entries);
}

/** Removes the encrypted env cache older versions kept (never read now; it only went stale). */
function removeOldEnvFiles(s: Services, app: string): void {
  for (const file of oldAppEnvFiles(s.paths, app)) {
    try {
      rmSync(file, { force: true });
    } catch {
      // in a run directory the app's user owns: unused, and only hop3 could decrypt it
    }
  }
}
