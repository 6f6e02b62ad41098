// What `hop3 doctor` asks the nginx proxy: does the system nginx run, and is each served app's site installed.
import { existsSync } from 'node:fs';
import type { HealthFinding, HealthRequest, PluginDeps } from '../../../lib/sdk.js';
import { siteFile } from './files.js';
import { masterPid } from './workers.js';
import { nginxSettings } from './settings.js';

/** The nginx master (from its pid file) and one finding per app whose site file must exist. */
export function nginxHealth(
  deps: Pick<PluginDeps, 'settings'>,
  request: HealthRequest,
): HealthFinding[] {
  const { pidFile, sitesDir } = nginxSettings(deps.settings);
  const master = masterPid(pidFile);
  const findings: HealthFinding[] = [
    master === undefined
      ? {
          area: 'services',
          check: 'nginx',
          ok: false,
          detail: `not running (no live process in ${pidFile})`,
          fix: 'start it as root: hop3 boot',
        }
      : { area: 'services', check: 'nginx', ok: true, detail: `running (pid ${master})` },
  ];
  for (const app of request.apps) {
    const file = siteFile(sitesDir, app);
    findings.push(
      existsSync(file)
        ? { area: 'config', check: `nginx site of ${app}`, ok: true, detail: file }
        : {
            area: 'config',
            check: `nginx site of ${app}`,
            ok: false,
            detail: `${file} is missing`,
            fix: `hop3 restart ${app}`,
          },
    );
  }
  return findings;
}
