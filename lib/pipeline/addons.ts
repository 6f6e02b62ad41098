// addons:attach and addons:detach as releases: the attachment is recorded, then the app restarts with its
// new addon env (computed when it starts, addon-env.ts); a failed restart undoes the change, the old
// processes serving on.
import {
  recordAttach,
  recordDetach,
  type AttachRequest,
  type AttachmentChange,
} from '../addons/attach.js';
import { restartApp } from './restart.js';
import type { Services } from './services.js';

/** An attach or detach, and whether to restart the app with its new environment (default true). */
export type AddonChangeRequest = AttachRequest & { restart?: boolean };

/** Restarts the app as a new release with its new addon env; undoes the change when that fails. */
async function restartOrUndo(
  s: Services,
  req: AddonChangeRequest,
  description: string,
  change: AttachmentChange,
): Promise<void> {
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
