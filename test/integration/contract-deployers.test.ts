// The deployer contract (test/contracts/deployer.ts) for every built-in deployer, uwsgi under a real
// private emperor. A new deployer is tested by adding it here; what only uwsgi does stays in uwsgi.test.ts
// (the static deployer's whole contract is here).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEMPLATES_DIR } from '../../lib/install-root.js';
import { silentReporter } from '../../lib/output/reporter.js';
import { createPaths } from '../../lib/paths.js';
import { run } from '../../lib/proc/run.js';
import { which } from '../../lib/proc/which.js';
import { DEFAULT_SETTINGS } from '../../lib/settings.js';
import { createRenderer } from '../../lib/templates/render.js';
import staticDeployer from '../../plugins/deployers/static/index.js';
import uwsgi from '../../plugins/deployers/uwsgi/index.js';
import { deployerContract, WEB_SAMPLE } from '../contracts/deployer.js';
import { startEmperor } from '../helpers/emperor.js';

const STATIC_SAMPLE = {
  files: { 'public/index.html': '<h1>site</h1>\n' },
  processes: [],
  static: ['public'],
};

deployerContract({
  deployer: uwsgi,
  name: 'uwsgi',
  async start() {
    const emperor = await startEmperor();
    return {
      home: emperor.home,
      stop: () => emperor.stop(),
      deps: {
        run,
        render: createRenderer(TEMPLATES_DIR),
        log: silentReporter,
        paths: emperor.paths,
        settings: emperor.settings,
        which: (b) => which(b),
      },
    };
  },
  sample: {
    ...WEB_SAMPLE,
    processes: [
      ...WEB_SAMPLE.processes,
      { name: 'worker', kind: 'worker', command: 'exec sleep 60' },
    ],
  },
  refuses: [STATIC_SAMPLE],
});

deployerContract({
  deployer: staticDeployer,
  name: 'static',
  start() {
    const home = mkdtempSync(join(tmpdir(), 'hop3-contract-static-'));
    return Promise.resolve({
      home,
      stop: () => {
        rmSync(home, { recursive: true, force: true });
        return Promise.resolve();
      },
      deps: {
        run,
        render: createRenderer(TEMPLATES_DIR),
        log: silentReporter,
        paths: createPaths(home),
        settings: DEFAULT_SETTINGS,
        which: (b) => which(b),
      },
    });
  },
  sample: STATIC_SAMPLE,
  refuses: [WEB_SAMPLE, { ...WEB_SAMPLE, static: ['public'] }, { files: {}, processes: [] }],
});
