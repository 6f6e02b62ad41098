// The proxy contract (test/contracts/proxy.ts) for every built-in proxy, each against its real server. A new
// proxy is tested by adding it here; what only nginx does stays in nginx.test.ts.
import { TEMPLATES_DIR } from '../../lib/install-root.js';
import { silentReporter } from '../../lib/output/reporter.js';
import { createPaths } from '../../lib/paths.js';
import { run } from '../../lib/proc/run.js';
import { which } from '../../lib/proc/which.js';
import { DEFAULT_SETTINGS } from '../../lib/settings.js';
import { createRenderer } from '../../lib/templates/render.js';
import nginx from '../../plugins/proxies/nginx/index.js';
import { proxyContract } from '../contracts/proxy.js';
import { startNginx } from '../helpers/nginx-server.js';

proxyContract({
  proxy: nginx,
  name: 'nginx',
  async start(home) {
    const server = await startNginx(home);
    return {
      port: server.port,
      settled: () => server.settled(),
      stop: () => server.stop(),
      deps: {
        run,
        render: createRenderer(TEMPLATES_DIR),
        log: silentReporter,
        paths: createPaths(home),
        settings: { ...DEFAULT_SETTINGS, sections: { nginx: server.settings } },
        which: (b) => which(b),
      },
    };
  },
});
