// addons:attach and addons:detach, as records: the attachment changes in the state (under the addon's
// lock) and the caller gets a way to undo it. Restarting the app with the new environment is a release
// (lib/pipeline/addons.ts), which undoes the change when it fails.
import { Hop3Error } from '../errors.js';
import type { Reporter } from '../output/reporter.js';
import { defaultPrefix, validateAddonName, validatePrefix } from '../domain/addon-names.js';
import { credentialOf, lockAddon, type AddonServices } from './context.js';
import { appAddonEnv, applyPrefix, pluginEnv } from './env.js';

/** An attach or detach. */
export interface AttachRequest {
  name: string;
  app: string;
  /** Prefix for the variables (`--as`); by default none, or the addon's name when they would clash. */
  prefix?: string;
  log: Reporter;
}

/** A recorded attach or detach. */
export interface AttachmentChange {
  /** The prefix the variables got (attach; null: none). */
  prefix: string | null;
  /** Puts the attachment back as it was. */
  undo(): void;
}

/** The prefix an attachment gets: the one asked for, none when its variables are free, else the addon's name. */
function choosePrefix(
  req: AttachRequest,
  keys: string[],
  taken: Map<string, string>,
): string | null {
  const prefix =
    req.prefix !== undefined
      ? validatePrefix(req.prefix)
      : keys.some((k) => taken.has(k))
        ? defaultPrefix(req.name)
        : null;
  const clash = keys.map((k) => (prefix === null ? k : `${prefix}_${k}`)).find((k) => taken.has(k));
  if (clash !== undefined) {
    throw new Hop3Error(
      'E_INVALID_VALUE',
      `${clash} is already given to ${req.app} by addon ${taken.get(clash) ?? '?'}`,
      {
        hint: `choose another prefix: addons:attach ${req.name} ${req.app} --as OTHER`,
      },
    );
  }
  return prefix;
}

/** Checks that the app's addon env can be computed after a change of its attachments; undoes the change if not. */
function checkOrUndo(
  s: AddonServices,
  app: { id: number; name: string },
  undo: () => void,
): ReturnType<typeof appAddonEnv> {
  try {
    return appAddonEnv(s, app);
  } catch (error) {
    undo();
    throw error;
  }
}

/** Records an addon's attachment to an app: its variables join the app's environment at its next start. */
export function recordAttach(s: AddonServices, req: AttachRequest): AttachmentChange {
  const name = validateAddonName(req.name);
  if (req.prefix !== undefined) validatePrefix(req.prefix);
  const repo = s.state.addons;
  const row = repo.get(name);
  const app = s.state.apps.get(req.app);
  const lock = lockAddon(s, name, `addons:attach ${name} ${app.name}`);
  try {
    if (repo.attachments({ addonId: row.id }).some((a) => a.appId === app.id)) {
      throw new Hop3Error('E_ADDON_EXISTS', `${name} is already attached to ${app.name}`, {
        hint: `addons:info ${name} shows its variables`,
      });
    }
    const taken = new Map<string, string>();
    for (const entry of appAddonEnv(s, app))
      for (const key of Object.keys(entry.env)) taken.set(key, entry.addon);
    const keys = Object.keys(pluginEnv(s, app.name, credentialOf(s, row)));
    const prefix = choosePrefix(req, keys, taken);
    repo.attach(row.id, app.id, prefix);
    const undo = (): void => void repo.detach(row.id, app.id);
    const entries = checkOrUndo(s, app, undo);
    for (const secret of entries.flatMap((e) => e.secrets)) req.log.redact(secret);
    const vars = Object.keys(applyPrefix(Object.fromEntries(keys.map((k) => [k, ''])), prefix));
    req.log.step(`Attached ${name} to ${app.name} as ${vars.join(', ')}`);
    const shadowed = vars.filter((k) => s.state.config.get(app.id, k) !== undefined);
    if (shadowed.length > 0)
      req.log.warn(
        `${shadowed.join(', ')} also set with config:set, which wins (config:unset ${app.name} ${shadowed.join(' ')} to use the addon's)`,
      );
    return { prefix, undo };
  } finally {
    lock.release();
  }
}

/** Records an addon's detachment from an app: its variables leave the app's environment at its next start (the data stays). */
export function recordDetach(s: AddonServices, req: AttachRequest): AttachmentChange {
  const name = validateAddonName(req.name);
  const repo = s.state.addons;
  const row = repo.get(name);
  const app = s.state.apps.get(req.app);
  const attachment = repo.attachments({ addonId: row.id }).find((a) => a.appId === app.id);
  if (!attachment)
    throw new Hop3Error('E_ADDON_NOT_FOUND', `${name} is not attached to ${app.name}`, {
      hint: `addons:info ${name} lists its apps`,
    });
  const lock = lockAddon(s, name, `addons:detach ${name} ${app.name}`);
  try {
    for (const secret of appAddonEnv(s, app).flatMap((e) => e.secrets)) req.log.redact(secret);
    repo.detach(row.id, app.id);
    const undo = (): void => repo.restoreAttachment(attachment);
    checkOrUndo(s, app, undo);
    req.log.step(`Detached ${name} from ${app.name}`);
    return { prefix: attachment.prefix, undo };
  } finally {
    lock.release();
  }
}
