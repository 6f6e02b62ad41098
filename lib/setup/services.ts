// The resident services a host runs: every host plugin's services() plus hop3's own HTTP git server.
import { Hop3Error } from '../errors.js';
import { hostPlugins } from '../plugins/host.js';
import type { PluginRegistry } from '../plugins/registry.js';
import type { ServiceSpec } from '../sdk.js';
import type { Settings } from '../settings.js';

/** hop3's HTTP push endpoint; the port is on the command line so a new port restarts it. */
export function gitHttpService(settings: Settings): ServiceSpec {
  return {
    name: 'hop3-git-http',
    description: 'hop3 git push over HTTP',
    command: [settings.hop3Command, 'git-http', '--port', String(settings.gitHttpPort)],
    stopSignal: 'SIGTERM',
  };
}

const SERVICE_NAME = /^[a-z][a-z0-9-]{0,62}$/;

/** Checks the shape of a plugin's service (a safe unit name, an absolute binary). */
export function checkService(spec: ServiceSpec, owner: string): ServiceSpec {
  if (!SERVICE_NAME.test(spec.name)) {
    throw new Hop3Error(
      'E_PLUGIN_SHAPE',
      `${owner}: service name ${JSON.stringify(spec.name)} must be kebab-case`,
    );
  }
  if (!spec.command[0]?.startsWith('/')) {
    throw new Hop3Error(
      'E_PLUGIN_SHAPE',
      `${owner}: service ${spec.name} must start an absolute path, not ${JSON.stringify(spec.command[0])}`,
    );
  }
  return spec;
}

/** All services, plugins' first, each name once (a duplicate is E_PLUGIN_DUPLICATE naming both owners). */
export function collectServices(plugins: PluginRegistry, settings: Settings): ServiceSpec[] {
  const owners = new Map<string, string>();
  const specs: ServiceSpec[] = [];
  const add = (spec: ServiceSpec, owner: string): void => {
    const first = owners.get(spec.name);
    if (first !== undefined) {
      throw new Hop3Error(
        'E_PLUGIN_DUPLICATE',
        `service ${spec.name} is declared by ${first} and by ${owner}`,
      );
    }
    owners.set(spec.name, owner);
    specs.push(checkService(spec, owner));
  };
  for (const plugin of hostPlugins(plugins, settings)) {
    for (const spec of plugin.instance.services?.() ?? [])
      add(spec, `${plugin.kind} plugin ${plugin.name}`);
  }
  add(gitHttpService(settings), 'hop3');
  return specs;
}
