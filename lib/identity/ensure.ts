// From the hop3 user: have root create (or remove) an app's user through the one sudoers rule that allows it.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { appUserName } from '../domain/app-user.js';
import { validateAppName } from '../domain/names.js';
import type { Paths } from '../paths.js';
import type { RunCommand } from '../proc/run.js';
import type { Settings } from '../settings.js';
import { SUDO } from './app-sandbox.js';
import { lookupUser, provisionAppUser } from './provision.js';

/**
 * Makes sure the app has its unix user and directories (apps:create, first push); idempotent and cheap
 * when they exist. Nothing to do when apps run as hop3 (isolation "none").
 */
export async function ensureAppIdentity(
  run: RunCommand,
  paths: Paths,
  settings: Settings,
  app: string,
): Promise<void> {
  if (settings.isolation !== 'app-users') return;
  validateAppName(app);
  const ids = lookupUser(appUserName(app));
  const runDir = statSync(paths.run(app), { throwIfNoEntry: false });
  // Fast path: the user exists and owns its directories (apps:destroy without --purge removes them).
  if (ids !== undefined && runDir?.uid === ids.uid && existsSync(join(paths.app(app), 'meta')))
    return;
  if (process.getuid?.() === 0) await provisionAppUser(run, paths, app);
  else await privileged(run, settings, ['priv:app-user', '--home', paths.home, app]);
}

/** Removes the app's unix user (apps:destroy --purge). */
export async function removeAppIdentity(
  run: RunCommand,
  paths: Paths,
  settings: Settings,
  app: string,
): Promise<void> {
  if (settings.isolation !== 'app-users') return;
  validateAppName(app);
  if (lookupUser(appUserName(app)) === undefined) return;
  await privileged(run, settings, ['priv:app-user-remove', '--home', paths.home, app]);
}

async function privileged(run: RunCommand, settings: Settings, args: string[]): Promise<void> {
  await run(
    process.getuid?.() === 0 ? settings.hop3Command : SUDO,
    process.getuid?.() === 0 ? args : ['-n', settings.hop3Command, ...args],
  );
}
