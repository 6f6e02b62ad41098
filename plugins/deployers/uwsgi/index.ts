// The uwsgi deployer: every process instance is a vassal of the uWSGI emperor (web and workers through
// attach-daemon, wsgi through the python3 plugin, cron through unique-cron). Each deploy starts a new
// generation beside the running one; retire stops the others.
import { appSandbox, defineDeployer } from '../../../lib/sdk.js';
import { deployGeneration } from './deploy.js';
import { emperorService, prepareEmperor } from './emperor.js';
import { retireGenerations } from './retire.js';
import { appStatus } from './status.js';

export default defineDeployer('uwsgi', (deps) => {
  const { paths, render, settings, log, run } = deps;
  const host = { paths, render, settings, run, sandbox: (app: string) => appSandbox(deps, app) };
  return {
    accept: (artifact) => artifact.runtime.processes.length > 0,
    prepare() {
      prepareEmperor(render, paths);
      return Promise.resolve();
    },
    services: () => [emperorService(paths, settings)],
    deploy: (request) => deployGeneration(host, request),
    retire: (app, keep) => retireGenerations(host, log, app, keep),
    status: (app) => Promise.resolve(appStatus(paths, app)),
  };
});
