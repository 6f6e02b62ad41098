// deps.edn apps run by Debian's `clojure` launcher (clojure.main on a class path): hop3 reads deps.edn with
// Clojure's own EDN reader, AOT-compiles the main namespace, and runs it from the source paths.
import { Hop3Error } from '../../../lib/sdk.js';

/** The Clojure program that prints what hop3 needs from deps.edn, one "name value" line each. */
export const READ_DEPS_EDN = `(let [d (clojure.edn/read-string (slurp "deps.edn"))
      opts (fn [a] (get-in d [:aliases a :main-opts]))
      main-of (fn [o] (second (drop-while (complement #{"-m" "--main"}) o)))
      aliases (cons :run (sort (keys (:aliases d))))]
  (println "paths" (clojure.string/join " " (or (:paths d) ["src"])))
  (println "deps" (clojure.string/join " " (map str (keys (:deps d)))))
  (println "main" (or (some (comp main-of opts) aliases) "")))`;

/** What deps.edn says, as hop3 uses it. */
export interface DepsEdn {
  paths: string[];
  deps: string[];
  main: string | undefined;
}

/** Parses the output of READ_DEPS_EDN. */
export function parseDepsFacts(output: string): DepsEdn {
  const field = (name: string): string[] => {
    const line = output.split('\n').find((l) => l.startsWith(`${name} `) || l === name);
    return (line ?? '').slice(name.length).trim().split(/\s+/).filter(Boolean);
  };
  return { paths: field('paths'), deps: field('deps'), main: field('main')[0] };
}

const NAMESPACE = /^[A-Za-z_*+!?<>=-][A-Za-z0-9_.*+!?<>=-]*$/;
const SOURCE_PATH = /^[A-Za-z0-9_][A-Za-z0-9_./-]*$/;

/** Checks deps.edn can run with Debian's clojure: source paths, Clojure itself only, a main namespace. */
export function checkDepsEdn(facts: DepsEdn): { paths: string[]; main: string } {
  const bad = facts.paths.find((p) => !SOURCE_PATH.test(p) || p.split('/').includes('..'));
  if (bad !== undefined) {
    throw new Hop3Error(
      'E_BUILD_FAILED',
      `deps.edn :paths entry ${JSON.stringify(bad)} is not a plain relative directory`,
      {
        hint: 'list source directories inside the app, e.g. :paths ["src" "resources"]',
      },
    );
  }
  const extra = facts.deps.filter((d) => d !== 'org.clojure/clojure');
  if (extra.length > 0) {
    throw new Hop3Error(
      'E_BUILD_FAILED',
      `deps.edn needs ${extra.join(', ')}, which Debian's clojure command cannot download`,
      {
        hint: 'build with Leiningen instead (a project.clj listing the dependencies), or keep deps.edn to Clojure itself',
      },
    );
  }
  if (facts.main === undefined || !NAMESPACE.test(facts.main)) {
    throw new Hop3Error('E_BUILD_FAILED', 'deps.edn names no main namespace to run', {
      hint: 'add {:aliases {:run {:main-opts ["-m" "my.app"]}}} to deps.edn',
    });
  }
  return { paths: facts.paths.length > 0 ? facts.paths : ['src'], main: facts.main };
}

/** The Clojure expression that AOT-compiles `main` (a checked namespace name) into target/classes. */
export function compileExpression(main: string): string {
  return `(binding [*compile-path* "target/classes"] (compile '${main}))`;
}

/** The class path a deps.edn app runs with: its compiled classes first, then its source paths. */
export function classPath(paths: readonly string[]): string {
  return ['target/classes', ...paths].join(':');
}
