// Proxy checks of `hop3 doctor`: its configuration (validate()) and its own health() findings.
import type { Proxy } from '../sdk.js';
import { checkThat, failFrom, type DoctorCheck } from './finding.js';

/** `validate()`, then the proxy's `health()` (whether it runs, each serving app's site), when it has one. */
export async function checkProxy(
  proxy: { name: string; instance: Proxy },
  apps: readonly string[],
): Promise<DoctorCheck[]> {
  const checks = [
    await checkThat(
      'config',
      `proxy ${proxy.name} configuration`,
      'fix the file the proxy names, then hop3 restart APP',
      async () => {
        await proxy.instance.validate();
        return 'valid';
      },
    ),
  ];
  try {
    for (const f of (await proxy.instance.health?.({ apps })) ?? []) {
      checks.push({
        area: f.area,
        check: f.check,
        ok: f.ok,
        detail: f.detail,
        fix: f.ok ? null : (f.fix ?? `see the ${proxy.name} proxy's documentation`),
      });
    }
  } catch (error) {
    // health() must not throw; a plugin that does is reported, not fatal.
    checks.push(
      failFrom(
        'services',
        `proxy ${proxy.name}`,
        error,
        `report it to the ${proxy.name} plugin's authors`,
      ),
    );
  }
  return checks;
}
