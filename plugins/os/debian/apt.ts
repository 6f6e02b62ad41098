// Installs Debian packages with apt-get, only those not installed yet.
import type { PluginDeps } from '../../../lib/sdk.js';
import { checkPackageNames } from './packages.js';

const APT_ENV = { DEBIAN_FRONTEND: 'noninteractive' };
const APT_TIMEOUT_MS = 30 * 60_000;

/** True when dpkg reports the package as installed. */
export async function isInstalled(run: PluginDeps['run'], pkg: string): Promise<boolean> {
  const result = await run('dpkg-query', ['-W', '-f=${Status}', pkg], { reject: false });
  return result.exitCode === 0 && result.stdout.includes('install ok installed');
}

/** Installs the packages that are missing (apt-get update first); does nothing when all are installed. */
export async function installMissing(
  deps: Pick<PluginDeps, 'run' | 'log'>,
  packages: readonly string[],
): Promise<string[]> {
  checkPackageNames(packages);
  const missing: string[] = [];
  for (const pkg of new Set(packages)) {
    if (!(await isInstalled(deps.run, pkg))) missing.push(pkg);
  }
  if (missing.length === 0) return [];
  // Not streamed (apt is verbose); a failure carries apt's last lines.
  deps.log.info(`installing ${missing.join(' ')} with apt-get`);
  await deps.run('apt-get', ['-q', '-o', 'DPkg::Lock::Timeout=600', 'update'], {
    env: APT_ENV,
    timeoutMs: APT_TIMEOUT_MS,
  });
  await deps.run(
    'apt-get',
    ['-q', '-o', 'DPkg::Lock::Timeout=600', 'install', '-y', '--no-install-recommends', ...missing],
    {
      env: APT_ENV,
      timeoutMs: APT_TIMEOUT_MS,
    },
  );
  return missing;
}
