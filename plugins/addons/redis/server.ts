// `hop3 setup --with redis` (as root): only Debian's Redis binaries. Nothing is started and no admin is
// recorded: each redis addon is its own redis-server, kept running by hop3's process supervisor.
import type { AddonServer } from '../../../lib/sdk.js';

/** The redis plugin's server setup. */
export const redisServer: AddonServer = {
  packages: ['redis-server', 'redis-tools'],
  start: () =>
    Promise.resolve(
      "nothing to start: each redis addon runs its own redis-server under hop3's process supervisor",
    ),
  grantAdmin: () => Promise.resolve({}),
};
