// The Python toolchain: one virtualenv per dependency declaration (requirements.txt, pyproject.toml,
// uv.lock or Pipfile.lock) and Python version, kept in the app's cache; the app's sources byte-compiled.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  type BuildContext,
  buildEntry,
  defineToolchain,
  entryDir,
  isComplete,
  type SourceTree,
} from '../../../lib/sdk.js';
import { installDependencies } from './installers.js';
import {
  chooseInterpreter,
  installedPythons,
  wantedPython,
  wsgiVersionWarning,
} from './interpreter.js';
import { describesProject, pythonProject, type PythonProject } from './project.js';
import { compileSources, createVenv } from './venv.js';

export { COMPLETE_MARKER } from '../../../lib/sdk.js';

/** The cache key of a source tree's dependency files for one Python version and installer. */
export function venvKey(
  ctx: Pick<BuildContext, 'hash'>,
  pythonVersion: string,
  project?: Pick<PythonProject, 'keyFiles' | 'installer'>,
): string {
  const files = project?.keyFiles ?? ['requirements.txt'];
  const installer =
    project === undefined || project.installer === 'requirements' || project.installer === 'none'
      ? ''
      : `\0${project.installer}`;
  return ctx.hash(files, `${pythonVersion}${installer}`);
}

/** The marker a source tree has, in the order that decides how it installs; undefined when none. */
export function pythonMarker(src: SourceTree): string | undefined {
  for (const marker of ['uv.lock', 'Pipfile', 'requirements.txt'])
    if (src.has(marker)) return marker;
  if (describesProject(src.read('pyproject.toml') ?? '')) return 'pyproject.toml';
  return src.has('setup.py') ? 'setup.py' : undefined;
}

async function versionOf(ctx: BuildContext, python: string): Promise<string> {
  const result = await ctx.run(python, ['--version'], { onLine: () => undefined });
  return (result.stdout || result.stderr).trim();
}

/** Claims apps with requirements.txt, pyproject.toml, uv.lock, Pipfile or setup.py; builds a cached virtualenv. */
export default defineToolchain('python', () => ({
  priority: 50,
  requires: ['python3'],
  title: 'Python',
  detect(src) {
    const marker = pythonMarker(src);
    return marker ? { reason: marker } : null;
  },
  async build(ctx) {
    const project = pythonProject(ctx.sourceDir);
    const wanted = wantedPython(ctx.env, ctx.sourceDir);
    const python = chooseInterpreter(wanted, wanted ? installedPythons(ctx.env.PATH) : []);
    const version = await versionOf(ctx, python);
    if (wanted) ctx.log.info(`Using ${version} (${wanted.source}: ${wanted.text})`);
    if (wanted && ctx.config.procfile.processes.some((p) => p.kind === 'wsgi')) {
      const system = await versionOf(ctx, 'python3');
      const warning = wsgiVersionWarning(wanted, system);
      if (warning !== undefined) ctx.log.warn(warning);
    }
    const key = venvKey(ctx, version, project);
    const venv = join(entryDir(ctx.cacheDir, key), 'venv');
    const cached = isComplete(ctx.cacheDir, key);
    if (cached) {
      ctx.log.info(`Reusing virtualenv (cache key ${key}): ${project.marker} unchanged`);
    } else {
      await buildEntry(ctx.cacheDir, key, version, async () => {
        ctx.log.step(`Creating a virtualenv (${version})`);
        await createVenv(ctx, venv, python);
        await installDependencies(ctx, project, venv, python);
      });
    }
    await compileSources(ctx, venv);
    // Apps laid out as src/<package> import from src, as they would once installed.
    const src =
      project.installer !== 'requirements' && existsSync(join(ctx.sourceDir, 'src'))
        ? { PYTHONPATH: join(ctx.sourceDir, 'src') }
        : {};
    return ctx.artifact({
      kind: 'python',
      env: { VIRTUAL_ENV: venv, PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'UTF-8', ...src },
      path: [join(venv, 'bin')],
      virtualenv: venv,
      metadata: {
        pythonVersion: version,
        installer: project.installer,
        cacheKey: key,
        cacheHit: cached,
      },
    });
  },
}));
