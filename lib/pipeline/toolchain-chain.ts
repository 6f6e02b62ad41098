// Several toolchains built one after the other in one release (hop3.toml [build] toolchains), seen by the
// builder as one toolchain: e.g. node for the assets, then python for the app that serves them.
import { mkdirSync, rmdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BuildArtifact, BuildContext, LoadedToolchain } from '../sdk.js';

/** A toolchain's human name. */
export const titleOf = (t: Pick<LoadedToolchain, 'name' | 'title'>): string => t.title ?? t.name;

/**
 * Merges the artifacts of a chain: the last one's kind; env merged in build order (later wins); PATH
 * entries of later toolchains first; the processes of the last toolchain that has any; per-toolchain metadata.
 */
export function mergeArtifacts(
  parts: readonly LoadedToolchain[],
  artifacts: readonly BuildArtifact[],
): BuildArtifact {
  const last = artifacts.at(-1);
  if (!last) throw new Error('mergeArtifacts needs at least one artifact');
  const reversed = [...artifacts].reverse();
  const virtualenv = reversed.find((a) => a.runtime.virtualenv !== undefined)?.runtime.virtualenv;
  const runtime = {
    ...last.runtime,
    env: Object.assign({}, ...artifacts.map((a) => a.runtime.env)) as Record<string, string>,
    path: [...new Set(reversed.flatMap((a) => a.runtime.path))],
    processes: reversed.find((a) => a.runtime.processes.length > 0)?.runtime.processes ?? [],
  };
  if (virtualenv !== undefined) runtime.virtualenv = virtualenv;
  const metadata = Object.fromEntries(parts.map((p, i) => [p.name, artifacts[i]?.metadata ?? {}]));
  return { ...last, runtime, metadata: { toolchains: parts.map((p) => p.name), ...metadata } };
}

/** One toolchain that builds `parts` in order, each with its own cache dir (`cache/<name>`, as when built alone). */
export function chainToolchains(parts: readonly LoadedToolchain[]): LoadedToolchain {
  const name = parts.map((p) => p.name).join('+');
  return {
    name,
    title: parts.map(titleOf).join(' + '),
    priority: Math.max(...parts.map((p) => p.priority)),
    requires: [...new Set(parts.flatMap((p) => p.requires ?? []))],
    detect: () => null,
    async build(ctx: BuildContext): Promise<BuildArtifact> {
      // The builder made cache/<a+b>; each part keeps its cache under its own name instead.
      try {
        rmdirSync(ctx.cacheDir);
      } catch {
        // not empty or already gone: leave it
      }
      const artifacts: BuildArtifact[] = [];
      for (const [index, part] of parts.entries()) {
        ctx.log.step(`Building with ${titleOf(part)} (${index + 1} of ${parts.length})`);
        const cacheDir = join(dirname(ctx.cacheDir), part.name);
        mkdirSync(cacheDir, { recursive: true });
        artifacts.push(await part.build({ ...ctx, cacheDir }));
      }
      return mergeArtifacts(parts, artifacts);
    },
  };
}
