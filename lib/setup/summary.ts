// The lines setup ends with: how to add the git remote and push, over ssh and over HTTP.
import { hostname, networkInterfaces } from 'node:os';
import type { Reporter } from '../output/reporter.js';
import type { Settings } from '../settings.js';

/** This host's first non-loopback IPv4 address, else its host name. */
export function hostAddress(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    const found = addresses?.find((a) => a.family === 'IPv4' && !a.internal);
    if (found) return found.address;
  }
  return hostname();
}

/** Prints how to push an app to this host. */
export function printNextSteps(
  log: Reporter,
  settings: Settings,
  host: string,
  user: string,
): void {
  log.step("hop3 is ready. From an app's git checkout:");
  log.info(`git remote add hop3 ${user}@${host}:<app>`);
  log.info('git push hop3 main');
  log.info(
    `Over HTTP, with a token from "hop3 tokens:create NAME": git push http://hop3:TOKEN@${host}:${settings.gitHttpPort}/<app>.git main`,
  );
  log.info(`The app then answers at http://<app>.${settings.domain}/`);
}
