// The redis addon: one redis-server per instance (kept running by the host's process supervisor, on its own
// port, with its own password), so one app's addon can never read or write another's keys. Apps get REDIS_URL.
import { defineAddon } from '../../../lib/sdk.js';
import { dumpTo, restoreFrom } from './dump.js';
import { checkRedis, createInstance, describeInstance, dropInstance } from './instance.js';
import { redisServer } from './server.js';

export default defineAddon('redis', (deps) => {
  return {
    description: 'Redis: its own redis-server per addon, on its own port and password (REDIS_URL)',
    backupExtension: 'rdb',
    server: redisServer,
    check: () => Promise.resolve().then(() => checkRedis(deps)),
    async create(request) {
      try {
        return await createInstance(deps, request.instance);
      } catch (error) {
        // Best effort: when this fails too, hop3 retries it at the next addons command.
        await dropInstance(deps, request.instance).catch(() => undefined);
        throw error;
      }
    },
    attach: (_app, { values: v }) => ({
      REDIS_URL: `redis://:${encodeURIComponent(v.password ?? '')}@${v.host ?? ''}:${v.port ?? ''}/0`,
    }),
    destroy: (credential) => dropInstance(deps, credential.instance),
    backup: (credential, file) => dumpTo(deps, credential, file),
    restore: (credential, file) => restoreFrom(deps, credential, file),
    info: (credential) => describeInstance(deps, credential),
  };
});
