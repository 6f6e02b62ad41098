// The generic toolchain: an app described by its Procfile alone; nothing to install, its commands run as they are.
import { defineToolchain } from '../../../lib/sdk.js';

/** Claims any app whose Procfile defines processes; lowest priority, so a language toolchain wins. */
export default defineToolchain('generic', () => ({
  priority: 10,
  title: 'Procfile',
  detect(_src, config) {
    const names = config.procfile.processes.map((p) => p.name);
    return names.length > 0 ? { reason: `Procfile: ${names.join(', ')}` } : null;
  },
  build(ctx) {
    ctx.log.info('Nothing to install: the Procfile commands run as they are');
    return Promise.resolve(ctx.artifact({ kind: 'generic' }));
  },
}));
