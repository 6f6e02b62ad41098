// The on-disk layout under HOP3_HOME (DESIGN.md section 3). Only validated names reach these functions.
import { join } from 'node:path';

/** Every path hop3 reads or writes, derived from one home directory. */
export interface Paths {
  home: string;
  db: string;
  settings: string;
  repos: string;
  apps: string;
  backups: string;
  locks: string;
  ssh: string;
  /** Unexpected errors of remote users, by id (only the hop3 user reads it). */
  errorLog: string;
  repo(app: string): string;
  app(app: string): string;
  releases(app: string): string;
  release(app: string, id: number): string;
  current(app: string): string;
  cache(app: string): string;
  data(app: string): string;
  logs(app: string): string;
  run(app: string): string;
  /** What hop3 keeps about an app's releases where the app cannot write (artifacts, build logs). */
  meta(app: string): string;
}

/** The default HOP3_HOME. */
export const DEFAULT_HOME = '/home/hop3';

/** The home directory from the environment (HOP3_HOME) or the default. */
export function homeFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.HOP3_HOME && env.HOP3_HOME.length > 0 ? env.HOP3_HOME : DEFAULT_HOME;
}

/** Builds the layout for one home directory. */
export function createPaths(home: string): Paths {
  const apps = join(home, 'apps');
  const app = (name: string): string => join(apps, name);
  return {
    home,
    db: join(home, 'hop3.db'),
    settings: join(home, 'settings.json'),
    repos: join(home, 'repos'),
    apps,
    backups: join(home, 'backups'),
    locks: join(home, 'locks'),
    ssh: join(home, '.ssh'),
    errorLog: join(home, 'logs', 'errors.log'),
    repo: (name) => join(home, 'repos', `${name}.git`),
    app,
    releases: (name) => join(app(name), 'releases'),
    release: (name, id) => join(app(name), 'releases', String(id)),
    current: (name) => join(app(name), 'current'),
    cache: (name) => join(app(name), 'cache'),
    data: (name) => join(app(name), 'data'),
    logs: (name) => join(app(name), 'logs'),
    run: (name) => join(app(name), 'run'),
    meta: (name) => join(app(name), 'meta'),
  };
}
