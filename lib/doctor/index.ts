// `hop3 doctor`: checks the host (config, state, disk, services, apps) and says what to fix for each failure.
import type { Paths } from '../paths.js';
import type { Services } from '../pipeline/services.js';
import { DEFAULT_SETTINGS, type Settings } from '../settings.js';
import type { State } from '../state/index.js';
import { checkApps, servingApps } from './apps.js';
import { failFrom, pass, type DoctorArea, type DoctorCheck, type DoctorReport } from './finding.js';
import { checkAddonServers, checkDisk, checkServices, checkStateDb } from './host.js';
import { checkProxy } from './proxy.js';

/** What doctor reads; each may throw, which becomes a failed check. */
export interface DoctorDeps {
  paths: Paths;
  settings(): Settings;
  state(): State;
  /** The pipeline services (loads the plugins). */
  services(): Promise<Services>;
}

/** Options: the free space below which the disk check fails (default: settings minFreeDiskMb). */
export interface DoctorOptions {
  minFreeMb?: number;
}

const AREAS: readonly DoctorArea[] = ['config', 'state', 'disk', 'services', 'apps'];

/** Runs every check; a check that cannot run (settings do not load, plugins fail) is itself a failure. */
export async function diagnose(
  deps: DoctorDeps,
  options: DoctorOptions = {},
): Promise<DoctorReport> {
  const checks: DoctorCheck[] = [];
  const attempt = <T>(area: DoctorArea, check: string, fix: string, fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (error) {
      checks.push(failFrom(area, check, error, fix));
      return undefined;
    }
  };
  const settings = attempt(
    'config',
    'settings.json',
    'rerun scripts/bootstrap.sh (or fix the file it names)',
    () => deps.settings(),
  );
  if (settings) checks.push(pass('config', 'settings.json', `${deps.paths.settings} loads`));
  const state = attempt(
    'state',
    'state database',
    `check ${deps.paths.db} (its owner and mode 0600)`,
    () => deps.state(),
  );
  if (state) checks.push(checkStateDb(deps.paths.db, state.db));
  const minFreeMb = options.minFreeMb ?? settings?.minFreeDiskMb ?? DEFAULT_SETTINGS.minFreeDiskMb;
  const disk = attempt('disk', 'free space', `check that ${deps.paths.home} exists`, () =>
    checkDisk(deps.paths.home, minFreeMb),
  );
  if (disk) checks.push(disk);
  if (settings && state) checks.push(...(await pluginChecks(deps, settings, state)));
  checks.sort((a, b) => AREAS.indexOf(a.area) - AREAS.indexOf(b.area));
  return { ok: checks.every((c) => c.ok), checks };
}

/** The checks that need the plugins: the proxy, resident services, addon servers, apps. */
async function pluginChecks(
  deps: DoctorDeps,
  settings: Settings,
  state: State,
): Promise<DoctorCheck[]> {
  let s: Services;
  try {
    s = await deps.services();
  } catch (error) {
    return [
      failFrom(
        'config',
        'plugins',
        error,
        'fix or remove the plugin named above (hop3 plugins:remove NAME)',
      ),
    ];
  }
  const checks: DoctorCheck[] = [];
  let proxy;
  try {
    proxy = s.plugins.get('proxy', settings.proxy);
  } catch (error) {
    checks.push(
      failFrom(
        'config',
        `proxy ${settings.proxy}`,
        error,
        'set "proxy" in settings.json to an installed proxy plugin',
      ),
    );
  }
  if (proxy)
    checks.push(
      ...(await checkProxy(
        proxy,
        servingApps(state.apps.list()).map((a) => a.name),
      )),
    );
  checks.push(...checkServices(s.plugins, settings));
  checks.push(...(await checkAddonServers(s.plugins, state.db)));
  if (proxy) checks.push(...(await checkApps(s, proxy)));
  return checks;
}

/** One line per check: `ok    AREA  CHECK: DETAIL`, and for a failure `FAIL  ...  fix: FIX`. */
export function formatCheck(c: DoctorCheck): string {
  return `${c.ok ? 'ok  ' : 'FAIL'}  ${c.area.padEnd(8)}  ${c.check}: ${c.detail}${c.ok || c.fix === null ? '' : `  -> fix: ${c.fix}`}`;
}
