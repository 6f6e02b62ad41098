// App checks of `hop3 doctor`: every running app's current release has its processes up and answers through the proxy.
import type { Services } from '../pipeline/services.js';
import type { Proxy } from '../sdk.js';
import type { App } from '../state/apps.js';
import { checkThat, fail, pass, type DoctorCheck } from './finding.js';

/** The apps that should be serving: deployed and not stopped. */
export function servingApps(apps: readonly App[]): App[] {
  return apps.filter((a) => a.currentRelease !== null && !a.stopped);
}

/** The processes of the live generation, as the deployers report them: all expected instances running. */
async function checkProcesses(s: Services, app: App): Promise<DoctorCheck> {
  const check = `app ${app.name} processes`;
  const fix = `hop3 logs ${app.name}, then hop3 restart ${app.name}`;
  return checkThat('apps', check, fix, async () => {
    const expected = app.deployment?.instances.length ?? 0;
    if (expected === 0) return `v${app.currentRelease ?? '?'}: no processes to run`;
    const { appStatus } = await import('../pipeline/restart.js');
    const live = (await appStatus(s, app.name)).filter(
      (i) => i.generation === app.deployment?.generation && i.state !== 'stopped',
    );
    const bad = live
      .filter((i) => i.state !== 'running')
      .map((i) => `${i.process}.${i.index} ${i.state}`);
    const running = live.length - bad.length;
    if (bad.length > 0 || running < expected) {
      throw new Error(
        `v${app.currentRelease ?? '?'}: ${running} of ${expected} running${bad.length > 0 ? ` (${bad.join(', ')})` : ''}`,
      );
    }
    return `v${app.currentRelease ?? '?'}: ${running} of ${expected} running`;
  });
}

/** An HTTP request through the proxy for the app's default host name answers. */
async function checkServed(
  proxy: { name: string; instance: Proxy },
  app: App,
  domain: string,
): Promise<DoctorCheck> {
  const host = `${app.name}.${domain}`;
  const revision = await proxy.instance.servedRevision(app.name, host).catch(() => undefined);
  return revision === undefined
    ? fail(
        'apps',
        `app ${app.name} http`,
        `${proxy.name} does not answer for ${host}`,
        `hop3 restart ${app.name}`,
      )
    : pass('apps', `app ${app.name} http`, `${proxy.name} answers for ${host} (${revision})`);
}

/** Two checks per app that should be serving; one passed line per stopped app. */
export async function checkApps(
  s: Services,
  proxy: { name: string; instance: Proxy },
): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  for (const app of s.state.apps.list()) {
    if (app.currentRelease === null) continue;
    if (app.stopped) {
      checks.push(
        pass('apps', `app ${app.name}`, `stopped (hop3 start ${app.name} runs it again)`),
      );
      continue;
    }
    checks.push(await checkProcesses(s, app));
    checks.push(await checkServed(proxy, app, s.settings.domain));
  }
  return checks;
}
