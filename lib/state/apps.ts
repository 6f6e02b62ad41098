// The apps table: one row per app, with what it currently serves.
import { Hop3Error } from '../errors.js';
import type { DeploymentInfo } from '../sdk.js';
import type { Db } from './db.js';

/** An app as stored. */
export interface App {
  id: number;
  name: string;
  /** null: `main` or `master`. */
  deployBranch: string | null;
  createdAt: string;
  /** The release number now serving, or null before the first successful deploy. */
  currentRelease: number | null;
  /** The last generation of processes started. */
  generation: number;
  /** The live generation's processes and ports. */
  deployment: DeploymentInfo | null;
  /** Stopped by `hop3 stop`: not restarted by config changes until `start`. */
  stopped: boolean;
}

interface Row {
  id: number;
  name: string;
  deploy_branch: string | null;
  created_at: string;
  current_release: number | null;
  generation: number;
  deployment: string | null;
  stopped: number;
}

const toApp = (r: Row): App => ({
  id: r.id,
  name: r.name,
  deployBranch: r.deploy_branch,
  createdAt: r.created_at,
  currentRelease: r.current_release,
  generation: r.generation,
  deployment: r.deployment ? (JSON.parse(r.deployment) as DeploymentInfo) : null,
  stopped: r.stopped === 1,
});

/** Queries and changes on apps. */
export function createAppsRepo(db: Db) {
  const byName = db.prepare<[string], Row>('SELECT * FROM apps WHERE name = ?');
  return {
    /** All apps, by name. */
    list(): App[] {
      return db.prepare<[], Row>('SELECT * FROM apps ORDER BY name').all().map(toApp);
    },
    find(name: string): App | undefined {
      const row = byName.get(name);
      return row ? toApp(row) : undefined;
    },
    /** The app, or E_APP_NOT_FOUND. */
    get(name: string): App {
      const row = byName.get(name);
      if (!row) {
        throw new Hop3Error('E_APP_NOT_FOUND', `app "${name}" does not exist`, {
          hint: 'run "apps" to list apps, or push to create it',
        });
      }
      return toApp(row);
    },
    create(name: string): App {
      if (byName.get(name)) throw new Hop3Error('E_APP_EXISTS', `app "${name}" already exists`);
      db.prepare('INSERT INTO apps (name, created_at) VALUES (?, ?)').run(
        name,
        new Date().toISOString(),
      );
      return this.get(name);
    },
    /** Returns the app, creating it on first use (first push). */
    ensure(name: string): App {
      return this.find(name) ?? this.create(name);
    },
    remove(name: string): void {
      db.prepare('DELETE FROM apps WHERE name = ?').run(name);
    },
    /** Takes the next generation number for the app. */
    nextGeneration(id: number): number {
      const row = db
        .prepare<[number], { generation: number }>(
          'UPDATE apps SET generation = generation + 1 WHERE id = ? RETURNING generation',
        )
        .get(id);
      if (!row) throw new Hop3Error('E_APP_NOT_FOUND', `app #${id} does not exist`);
      return row.generation;
    },
    /** Records what now serves the app. */
    setLive(id: number, release: number | null, deployment: DeploymentInfo | null): void {
      db.prepare(
        'UPDATE apps SET current_release = ?, deployment = ?, stopped = 0 WHERE id = ?',
      ).run(release, deployment ? JSON.stringify(deployment) : null, id);
    },
    setStopped(id: number, stopped: boolean): void {
      db.prepare('UPDATE apps SET stopped = ? WHERE id = ?').run(stopped ? 1 : 0, id);
    },
    setDeployBranch(id: number, branch: string | null): void {
      db.prepare('UPDATE apps SET deploy_branch = ? WHERE id = ?').run(branch, id);
    },
  };
}

/** The apps repository. */
export type AppsRepo = ReturnType<typeof createAppsRepo>;
