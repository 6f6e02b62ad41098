// The static deployer: sites with no process to run. The proxy serves their directories; nothing starts or stops.
import { defineDeployer } from '../../../lib/sdk.js';

export default defineDeployer('static', () => ({
  accept: (artifact) =>
    artifact.runtime.processes.length === 0 && artifact.runtime.static.length > 0,
  deploy: (request) =>
    Promise.resolve({
      deployer: 'static',
      release: request.release,
      generation: request.generation,
      instances: [],
      upstreams: [],
    }),
  retire: () => Promise.resolve(),
  status: () => Promise.resolve([]),
}));
