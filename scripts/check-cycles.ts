// The cycle check of `npm run check`: no import cycle between modules, and none between the parts of
// the tree (lib/<part>, lib/<file>.ts, plugins/<kind>/<name>). dependency-cruiser reads the imports
// (type-only ones included: a type cycle still ties two parts together); this file only groups them.
import { cruise } from 'dependency-cruiser';
import { pathToFileURL } from 'node:url';

/** One import cycle: the modules (or parts) in order, the first repeated at the end. */
export type Cycle = string[];

export interface CycleReport {
  modules: Cycle[];
  parts: Cycle[];
  /** For each import between two parts ("a -> b"), one module import that makes it. */
  partImports: Map<string, string>;
}

/** The part a module belongs to: lib/<dir>, lib/<file> (lib/sdk.ts and lib/sdk/ are one), plugins/<kind>/<name>. */
export function partOf(file: string): string {
  const segments = file.replace(/\.[cm]?[jt]s$/, '').split('/');
  if (segments[0] === 'plugins') return segments.slice(0, Math.min(3, segments.length)).join('/');
  return segments.slice(0, Math.min(2, segments.length)).join('/');
}

type Graph = Map<string, Set<string>>;

function addEdge(graph: Graph, from: string, to: string): void {
  if (!graph.has(to)) graph.set(to, new Set());
  let targets = graph.get(from);
  if (!targets) graph.set(from, (targets = new Set()));
  targets.add(to);
}

/** Strongly connected components with more than one node (Tarjan), each sorted, in sorted order. */
function tangles(graph: Graph): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(next) ?? 0));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(next) ?? 0));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    for (;;) {
      const member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      component.push(member);
      if (member === node) break;
    }
    if (component.length > 1) found.push(component.sort());
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return found.sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
}

/** A shortest cycle through start, staying inside the component. */
function cycleThrough(graph: Graph, component: string[], start: string): Cycle {
  const inside = new Set(component);
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift() ?? '';
    for (const next of [...(graph.get(node) ?? [])].sort()) {
      if (!inside.has(next)) continue;
      if (next === start) {
        const path = [start];
        for (let at = node; at !== start; at = previous.get(at) ?? start) path.splice(1, 0, at);
        return [...path, start];
      }
      if (previous.has(next)) continue;
      previous.set(next, node);
      queue.push(next);
    }
  }
  return [start, start];
}

/** Cycles that together pass through every member of each component (one per member not yet shown). */
function cyclesOf(graph: Graph): Cycle[] {
  const cycles: Cycle[] = [];
  for (const component of tangles(graph)) {
    const shown = new Set<string>();
    for (const member of component) {
      if (shown.has(member)) continue;
      const cycle = cycleThrough(graph, component, member);
      for (const node of cycle) shown.add(node);
      cycles.push(cycle);
    }
  }
  return cycles;
}

/** Cruises the given files or folders (relative to baseDir) and returns every module and part cycle. */
export async function findCycles(roots: string[], baseDir = process.cwd()): Promise<CycleReport> {
  const result = await cruise(roots, {
    baseDir,
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
  });
  if (typeof result.output === 'string')
    throw new Error('dependency-cruiser returned text, not a graph');
  const modules: Graph = new Map();
  const parts: Graph = new Map();
  const partImports = new Map<string, string>();
  for (const module of result.output.modules) {
    for (const dependency of module.dependencies) {
      if (
        dependency.coreModule ||
        dependency.couldNotResolve ||
        dependency.resolved.startsWith('node_modules/')
      ) {
        continue;
      }
      addEdge(modules, module.source, dependency.resolved);
      const [from, to] = [partOf(module.source), partOf(dependency.resolved)];
      if (from === to) continue;
      addEdge(parts, from, to);
      if (!partImports.has(`${from} -> ${to}`)) {
        partImports.set(`${from} -> ${to}`, `${module.source} imports ${dependency.resolved}`);
      }
    }
  }
  return {
    modules: cyclesOf(modules),
    parts: cyclesOf(parts),
    partImports,
  };
}

async function main(): Promise<void> {
  const report = await findCycles(['lib', 'plugins']);
  for (const cycle of report.modules)
    process.stderr.write(`import cycle between modules: ${cycle.join(' -> ')}\n`);
  for (const cycle of report.parts) {
    process.stderr.write(`import cycle between parts: ${cycle.join(' -> ')}\n`);
    for (let i = 1; i < cycle.length; i += 1) {
      process.stderr.write(
        `  ${report.partImports.get(`${cycle[i - 1] ?? ''} -> ${cycle[i] ?? ''}`) ?? ''}\n`,
      );
    }
  }
  if (report.modules.length + report.parts.length > 0) {
    process.stderr.write(
      'break each cycle: move the shared piece down (lib/domain, lib/sdk) or pass it in\n',
    );
    process.exitCode = 1;
    return;
  }
  process.stdout.write('no import cycles\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
