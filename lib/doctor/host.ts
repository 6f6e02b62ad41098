// Host checks of `hop3 doctor`: free disk space, the state database, hop3's resident services, addon servers.
import { readFileSync, readdirSync, statfsSync } from 'node:fs';
import { createAddonsRepo } from '../state/addons.js';
import { argvMatches, processArgv } from '../proc/pids.js';
import type { PluginRegistry } from '../plugins/registry.js';
import type { ServiceSpec } from '../sdk.js';
import { collectServices } from '../setup/services.js';
import type { Settings } from '../settings.js';
import { integrityProblems, type Db } from '../state/db.js';
import { checkThat, fail, pass, type DoctorCheck } from './finding.js';

const MB = 1024 * 1024;

/** Fails when the disk holding `home` has less than `minFreeMb` free. */
export function checkDisk(home: string, minFreeMb: number): DoctorCheck {
  const fs = statfsSync(home);
  const freeMb = Math.floor((fs.bavail * fs.bsize) / MB);
  const detail = `${freeMb} MB free on the disk of ${home} (minimum ${minFreeMb} MB)`;
  return freeMb >= minFreeMb
    ? pass('disk', 'free space', detail)
    : fail(
        'disk',
        'free space',
        detail,
        'free some space: "hop3 apps:cleanup APP" removes old builds; check logs and backups under HOP3_HOME',
      );
}

/** `PRAGMA integrity_check` on the state database. */
export function checkStateDb(file: string, db: Db): DoctorCheck {
  const problems = integrityProblems(db);
  return problems.length === 0
    ? pass('state', 'state database', `${file}: integrity ok`)
    : fail(
        'state',
        'state database',
        `${file}: ${problems.slice(0, 3).join('; ')}`,
        `stop hop3's services, keep a copy of ${file}, then restore it from a backup (or sqlite3 .recover it)`,
      );
}

/** The pid of a live process running the service: from its pid file, else by its command line. */
export function servicePid(spec: ServiceSpec): number | undefined {
  if (spec.pidFile !== undefined) {
    try {
      const pid = Number(readFileSync(spec.pidFile, 'utf8').trim());
      if (processArgv(pid) !== undefined) return pid;
    } catch {
      // unreadable or absent: look for the command instead
    }
  }
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .find((pid) => argvMatches(processArgv(pid) ?? [], spec.command));
}

/** One check per resident service (every plugin's services() and the HTTP git server). */
export function checkServices(plugins: PluginRegistry, settings: Settings): DoctorCheck[] {
  return collectServices(plugins, settings).map((spec) => {
    const pid = servicePid(spec);
    return pid === undefined
      ? fail(
          'services',
          spec.name,
          `${spec.description}: not running`,
          "start hop3's services as root: hop3 boot",
        )
      : pass('services', spec.name, `running (pid ${pid})`);
  });
}

/** One check per addon type that has instances: its plugin's check() (the server runs and lets hop3 in). */
export async function checkAddonServers(plugins: PluginRegistry, db: Db): Promise<DoctorCheck[]> {
  const types = [
    ...new Set(
      createAddonsRepo(db)
        .list()
        .map((a) => a.type),
    ),
  ].sort();
  const checks: DoctorCheck[] = [];
  for (const type of types) {
    const name = `${type} server`;
    const fix = `as root: hop3 setup --with ${type}`;
    checks.push(
      await checkThat('services', name, fix, async () => {
        await plugins.get('addon', type).instance.check();
        return 'ready';
      }),
    );
  }
  return checks;
}
