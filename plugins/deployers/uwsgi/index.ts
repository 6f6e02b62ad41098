// The uwsgi deployer: every process instance is a vassal of the uWSGI emperor (web and workers through
// attach-daemon, wsgi through the python3 plugin, cron through unique-cron). Each deploy starts a new
// generation beside the running one; retire stops the others. As the host's supervisor it also runs
// plugins' long-running processes (supervise).
import { appSandbox, defineDeployer } from '../../../lib/sdk.js';
import { deployGeneration } from './deploy.js';
import { emperorService, prepareEmperor } from './emperor.js';
import { prepareRootEmperor, uwsgiSudoCommands } from './host.js';
import { retireGenerations } from './retire.js';
import { UWSGI_HOME_DIRS, UWSGI_PACKAGES, UWSGI_SECTION } from './settings.js';
import { appStatus } from './status.js';
import { uwsgiSupervise } from './supervise.js';

export default defineDeployer('uwsgi', (deps) => {
  const { paths, render, settings, log, run } = deps;
  const host = { paths, render, settings, run, sandbox: (app: string) => appSandbox(deps, app) };
  return {
    packages: UWSGI_PACKAGES,
    homeDirs: UWSGI_HOME_DIRS,
    settingsSection: UWSGI_SECTION,
    sudoCommands: () => uwsgiSudoCommands(deps),
    prepareHost: (setup) => prepareRootEmperor(deps, setup),
    accept: (artifact) => artifact.runtime.processes.length > 0,
    prepare() {
      prepareEmperor(render, paths);
      return Promise.resolve();
    },
    services: () => [emperorService(paths, settings)],
    supervise: uwsgiSupervise(host),
    deploy: (request) => deployGeneration(host, request),
    retire: (app, keep) => retireGenerations(host, log, app, keep),
    status: (app) => Promise.resolve(appStatus(paths, app)),
  };
});
