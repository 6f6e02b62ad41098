// `hop3 setup --with redis` (as root): only Debian's Redis binaries. Nothing is started and no admin is
// recorded: each redis addon is its own redis-server, run by hop3's uWSGI emperor as the hop3 user.
import type { AddonServer } from '../../../lib/sdk.js';

/** The redis plugin's server setup. */
export const redisServer: AddonServer = {
  packages: ['redis-server', 'redis-tools'],
  start: () => Promise.resolve('nothing to start: each redis addon runs its own redis-server under the uWSGI emperor'),
  grantAdmin: () => Promise.resolve({}),
};
