// The generic toolchain: an app described by its Procfile alone; nothing to install, its commands run as they are.
import { readdirSync } from 'node:fs';
import { defineToolchain, goWithoutModule } from '../../../lib/sdk.js';

/** Claims any app whose Procfile defines processes; lowest priority, so a language toolchain wins. */
export default defineToolchain('generic', () => ({
  priority: 10,
  title: 'Procfile',
  detect(_src, config) {
    const names = config.procfile.processes.map((p) => p.name);
    return names.length > 0 ? { reason: `Procfile: ${names.join(', ')}` } : null;
  },
  build(ctx) {
    // Go sources without go.mod would otherwise fail at start ("web: not found"): say why now.
    const go = goWithoutModule(readdirSync(ctx.sourceDir));
    if (go) return Promise.reject(go);
    ctx.log.info('Nothing to install: the Procfile commands run as they are');
    return Promise.resolve(ctx.artifact({ kind: 'generic' }));
  },
}));
