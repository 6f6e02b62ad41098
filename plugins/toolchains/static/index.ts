// The static-site toolchain: a Procfile "static: <dir>" line and no processes; the proxy serves the directory.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import {
  defineToolchain,
  Hop3Error,
  type BuildArtifact,
  type BuildContext,
} from '../../../lib/sdk.js';

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Checks the Procfile's static directory exists and makes the artifact that serves it. */
function staticArtifact(ctx: BuildContext): BuildArtifact {
  const dir = ctx.config.procfile.static;
  if (dir === undefined) {
    throw new Hop3Error('E_BUILD_FAILED', 'a static site needs a "static:" line in its Procfile', {
      hint: 'add "static: public" (the directory to serve) to the Procfile',
    });
  }
  if (!isDirectory(join(ctx.sourceDir, dir))) {
    throw new Hop3Error(
      'E_BUILD_FAILED',
      `the static directory "${dir}" named in the Procfile does not exist`,
      {
        hint: `commit the "${dir}" directory, or change the Procfile's static: line to the directory to serve`,
      },
    );
  }
  ctx.log.info(`Serving the "${dir}" directory`);
  return ctx.artifact({ kind: 'static', metadata: { staticDir: dir } });
}

/** Claims apps whose Procfile only names a static directory; checks it exists. */
export default defineToolchain('static', () => ({
  priority: 30,
  title: 'Static site',
  detect(_src, config) {
    const dir = config.procfile.static;
    return dir !== undefined && config.procfile.processes.length === 0
      ? { reason: `Procfile static: ${dir}` }
      : null;
  },
  build: (ctx) => Promise.resolve().then(() => staticArtifact(ctx)),
}));
