// The emperor on the host (run by `hop3 setup` as root): when apps run as their own users the emperor runs as
// root, with its own files in a root-owned directory and a root-owned script the hop3 user runs through sudo to wake it.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { HostSetup, PluginDeps } from '../../../lib/sdk.js';
import { WAKE_SCRIPT } from './emperor.js';
import { uwsgiSettings } from './settings.js';

/** The root commands the hop3 user may run through sudo: the wake script, with app users. */
export const uwsgiSudoCommands = (deps: Pick<PluginDeps, 'settings'>): string[] =>
  deps.settings.isolation === 'app-users' ? [WAKE_SCRIPT] : [];

/** Creates the root emperor's directory and writes its wake script (app users only); idempotent. */
export async function prepareRootEmperor(
  deps: Pick<PluginDeps, 'settings' | 'render'>,
  host: HostSetup,
): Promise<void> {
  if (deps.settings.isolation !== 'app-users') return;
  const { emperorDir } = uwsgiSettings(deps.settings);
  host.log.step(`uWSGI emperor as root, apps as their own users (${emperorDir})`);
  const pidFile = `${emperorDir}/emperor.pid`;
  if (!/^\/[A-Za-z0-9._/-]+$/.test(pidFile))
    throw new Error(`uwsgi.emperorDir ${JSON.stringify(emperorDir)} must be a plain absolute path`);
  mkdirSync(emperorDir, { recursive: true, mode: 0o755 });
  mkdirSync(dirname(WAKE_SCRIPT), { recursive: true, mode: 0o755 });
  if (
    await host.writeFile(
      WAKE_SCRIPT,
      deps.render('deployers/uwsgi/wake-emperor.njk', { pidFile }),
      { mode: 0o755 },
    )
  ) {
    host.changed('wake-emperor script');
    host.log.info(`written: ${WAKE_SCRIPT}`);
  } else host.log.info('ok');
}
