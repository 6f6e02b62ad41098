// addons:attach and addons:detach: record the attachment, rewrite the app's addon env, restart the app
// with it (a new release, zero-downtime). A failed restart undoes the change: the old processes keep serving.
import { Hop3Error } from '../errors.js';
import type { Reporter } from '../output/reporter.js';
import type { Services } from '../pipeline/services.js';
import { addonsOf, credentialOf, lockAddon } from './context.js';
import { applyPrefix, pluginEnv, syncAppEnv } from './env.js';
import { defaultPrefix, validateAddonName, validatePrefix } from './names.js';

/** An attach or detach. */
export interface AttachRequest {
  name: string;
  app: string;
  /** Prefix for the variables (`--as`); by default none, or the addon's name when they would clash. */
  prefix?: string;
  /** Restart the app with the new environment (default true). */
  restart?: boolean;
  log: Reporter;
}

/** The prefix an attachment gets: the one asked for, none when its variables are free, else the addon's name. */
function choosePrefix(req: AttachRequest, keys: string[], taken: Map<string, string>): string | null {
  const prefix = req.prefix !== undefined ? validatePrefix(req.prefix) : keys.some((k) => taken.has(k)) ? defaultPrefix(req.name) : null;
  const clash = keys.map((k) => (prefix === null ? k : `${prefix}_${k}`)).find((k) => taken.has(k));
  if (clash !== undefined) {
    throw new Hop3Error('E_INVALID_VALUE', `${clash} is already given to ${req.app} by addon ${taken.get(clash) ?? '?'}`, {
      hint: `choose another prefix: addons:attach ${req.name} ${req.app} --as OTHER`,
    });
  }
  return prefix;
}

/** Rewrites the app's addon env after a change of its attachments; undoes the change if that fails. */
function rewriteOrUndo(s: Services, app: string, undo: () => void): ReturnType<typeof syncAppEnv> {
  try {
    return syncAppEnv(s, app);
  } catch (error) {
    undo();
    throw error;
  }
}

async function restart(s: Services, app: string, description: string, log: Reporter, undo: () => void): Promise<void> {
  const { restartApp } = await import('../pipeline/restart.js');
  try {
    await restartApp(s, app, { description, log });
  } catch (error) {
    undo();
    syncAppEnv(s, app);
    throw error;
  }
}

/** Attaches an addon to an app: its variables join the app's environment. Returns the prefix used. */
export async function attachAddon(s: Services, req: AttachRequest): Promise<string | null> {
  const name = validateAddonName(req.name);
  if (req.prefix !== undefined) validatePrefix(req.prefix);
  const repo = addonsOf(s);
  const row = repo.get(name);
  const app = s.state.apps.get(req.app);
  const lock = lockAddon(s, name, `addons:attach ${name} ${app.name}`);
  let prefix: string | null;
  try {
    if (repo.attachments({ addonId: row.id }).some((a) => a.appId === app.id)) {
      throw new Hop3Error('E_ADDON_EXISTS', `${name} is already attached to ${app.name}`, { hint: `addons:info ${name} shows its variables` });
    }
    const taken = new Map<string, string>();
    for (const entry of syncAppEnv(s, app.name)) for (const key of Object.keys(entry.env)) taken.set(key, entry.addon);
    const keys = Object.keys(pluginEnv(s, app.name, credentialOf(s, row)));
    prefix = choosePrefix(req, keys, taken);
    repo.attach(row.id, app.id, prefix);
    const entries = rewriteOrUndo(s, app.name, () => repo.detach(row.id, app.id));
    for (const secret of entries.flatMap((e) => e.secrets)) req.log.redact(secret);
    const vars = Object.keys(applyPrefix(Object.fromEntries(keys.map((k) => [k, ''])), prefix));
    req.log.step(`Attached ${name} to ${app.name} as ${vars.join(', ')}`);
    const shadowed = vars.filter((k) => s.state.config.get(app.id, k) !== undefined);
    if (shadowed.length > 0) req.log.warn(`${shadowed.join(', ')} also set with config:set, which wins (config:unset ${app.name} ${shadowed.join(' ')} to use the addon's)`);
  } finally {
    lock.release();
  }
  if (req.restart !== false) {
    await restart(s, app.name, `Attach ${name}`, req.log, () => repo.detach(row.id, app.id));
  }
  return prefix;
}

/** Detaches an addon from an app: its variables leave the app's environment (the data stays). */
export async function detachAddon(s: Services, req: AttachRequest): Promise<void> {
  const name = validateAddonName(req.name);
  const repo = addonsOf(s);
  const row = repo.get(name);
  const app = s.state.apps.get(req.app);
  const attachment = repo.attachments({ addonId: row.id }).find((a) => a.appId === app.id);
  if (!attachment) throw new Hop3Error('E_ADDON_NOT_FOUND', `${name} is not attached to ${app.name}`, { hint: `addons:info ${name} lists its apps` });
  const lock = lockAddon(s, name, `addons:detach ${name} ${app.name}`);
  try {
    for (const secret of syncAppEnv(s, app.name).flatMap((e) => e.secrets)) req.log.redact(secret);
    repo.detach(row.id, app.id);
    rewriteOrUndo(s, app.name, () => repo.restoreAttachment(attachment));
    req.log.step(`Detached ${name} from ${app.name}`);
  } finally {
    lock.release();
  }
  if (req.restart !== false) await restart(s, app.name, `Detach ${name}`, req.log, () => repo.restoreAttachment(attachment));
}
