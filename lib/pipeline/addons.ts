// Addons as a pipeline stage: the variables an app gets from its addons are computed from the state each
// time its processes start, in memory; attaching or detaching an addon is a release (a restart) that undoes
// the change when it fails, the old processes serving on.
import { rmSync } from 'node:fs';
import { recordAttach, recordDetach, type AttachRequest, type AttachmentChange } from '../addons/attach.js';
import { addonSecrets, appAddonEnv, mergeAddonEnv } from '../addons/env.js';
import { oldAppEnvFiles } from '../addons/layout.js';
import type { Reporter } from '../output/reporter.js';
import type { App } from '../state/apps.js';
import { restartApp } from './restart.js';
import type { Services } from './services.js';

/** The addon variables of the app now; their secrets are masked in `log` from here on. */
export function addonEnvStage(s: Services, app: Pick<App, 'id' | 'name'>, log: Reporter): Record<string, string> {
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

/** An attach or detach, and whether to restart the app with its new environment (default true). */
export type AddonChangeRequest = AttachRequest & { restart?: boolean };

/** Restarts the app as a new release with its new addon env; undoes the change when that fails. */
async function restartOrUndo(s: Services, req: AddonChangeRequest, description: string, change: AttachmentChange): Promise<void> {
  if (req.restart === false) return;
  try {
    await restartApp(s, req.app, { description, log: req.log });
  } catch (error) {
    change.undo();
    throw error;
  }
}

/** `addons:attach`: records the attachment, then restarts the app with the addon's variables. Returns the prefix used. */
export async function attachAddon(s: Services, req: AddonChangeRequest): Promise<string | null> {
  const change = recordAttach(s, req);
  await restartOrUndo(s, req, `Attach ${req.name}`, change);
  return change.prefix;
}

/** `addons:detach`: records the detachment, then restarts the app without the addon's variables (the data stays). */
export async function detachAddon(s: Services, req: AddonChangeRequest): Promise<void> {
  await restartOrUndo(s, req, `Detach ${req.name}`, recordDetach(s, req));
}
