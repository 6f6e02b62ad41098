// addons:create: the server side first, the record only once it succeeded. A creation that fails half-way
// is cleaned up at once, or (server gone, process killed) at the next addons command.
import { Hop3Error } from '../errors.js';
import type { Reporter } from '../output/reporter.js';
import type { AddonServices } from './context.js';
import type { Addon, AddonCredential } from '../sdk.js';
import { addonPlugin, lockAddon, messageOf, sealCredential } from './context.js';
import { addonKey } from './crypto.js';
import { validateAddonName, validateAddonType } from '../domain/addon-names.js';
import type { AddonRow } from '../state/addons.js';

/** What to create. */
export interface CreateRequest {
  type: string;
  name: string;
  /** The app it is created for (the sqlite type keeps its file in that app's data directory). */
  app?: string;
  log: Reporter;
}

/** Removes what a failed creation left on the server; true when nothing is left. */
async function cleanUp(
  s: AddonServices,
  plugin: Addon,
  name: string,
  type: string,
): Promise<boolean> {
  const repo = s.state.addons;
  try {
    await plugin.destroy({ addonType: type, instance: name, values: {} });
    repo.endCleanup(name);
    return true;
  } catch (error) {
    repo.noteCleanupError(name, messageOf(error));
    return false;
  }
}

/** Retries the cleanups that earlier failed (except `held`, whose lock the caller has). */
export async function reapCleanups(s: AddonServices, log: Reporter, held?: string): Promise<void> {
  for (const pending of s.state.addons.cleanups()) {
    if (pending.name === held || !s.plugins.all('addon').some((p) => p.name === pending.type))
      continue;
    let lock;
    try {
      lock = lockAddon(s, pending.name, 'a cleanup');
    } catch {
      continue; // another command holds it (perhaps cleaning it up right now): leave it to that one
    }
    try {
      if (await cleanUp(s, addonPlugin(s, pending.type), pending.name, pending.type)) {
        log.info(
          `removed what the failed creation of ${pending.type} addon ${pending.name} had left on the server`,
        );
      }
    } finally {
      lock.release();
    }
  }
}

function checkCredential(credential: AddonCredential, type: string, name: string): void {
  const values = Object.entries(credential.values);
  if (
    credential.addonType !== type ||
    credential.instance !== name ||
    !values.every(([, v]) => typeof v === 'string')
  ) {
    throw new Hop3Error(
      'E_PLUGIN_SHAPE',
      `addon plugin ${type}: create() must return { addonType: "${type}", instance: "${name}", values: { ...strings } }`,
    );
  }
}

/** Creates an addon instance on its server and records it (credential encrypted). */
export async function createAddon(s: AddonServices, req: CreateRequest): Promise<AddonRow> {
  const name = validateAddonName(req.name);
  const type = validateAddonType(req.type);
  const plugin = addonPlugin(s, type);
  if (req.app !== undefined) s.state.apps.get(req.app);
  const repo = s.state.addons;
  const lock = lockAddon(s, name, `addons:create ${name}`);
  try {
    await reapCleanups(s, req.log, name);
    const existing = repo.find(name);
    if (existing) {
      throw new Hop3Error(
        'E_ADDON_EXISTS',
        `an addon named "${name}" already exists (${existing.type})`,
        {
          hint: `pick another name, or attach it: addons:attach ${name} APP`,
        },
      );
    }
    const stuck = repo.cleanups().find((c) => c.name === name);
    if (stuck && !(await cleanUp(s, plugin, name, stuck.type))) {
      throw new Hop3Error(
        'E_ADDON_SERVER',
        `an earlier creation of "${name}" failed half-way and its leftovers cannot be removed yet`,
        {
          details: stuck.error ?? undefined,
          hint: `make sure the ${stuck.type} server runs, then try again`,
        },
      );
    }
    addonKey(s.paths, true);
    await plugin.check();
    req.log.step(`Creating ${type} addon ${name}`);
    repo.startCleanup(name, type);
    try {
      const credential = await plugin.create({
        instance: name,
        ...(req.app === undefined ? {} : { app: req.app }),
      });
      checkCredential(credential, type, name);
      repo.insert(name, type, sealCredential(s, name, credential.values));
    } catch (error) {
      if (!(await cleanUp(s, plugin, name, type))) {
        req.log.warn(
          `what was made of ${name} could not be removed yet; hop3 removes it at the next addons command`,
        );
      }
      throw error;
    }
    req.log.info(`created ${name}`);
    return repo.get(name);
  } finally {
    lock.release();
  }
}
