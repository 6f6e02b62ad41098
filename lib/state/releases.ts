// The releases table: every deploy, config change and restart that produced a new version (v1, v2, ...).
import { Hop3Error } from '../errors.js';
import type { Db } from './db.js';

/** pending while a deploy runs; succeeded once it served; failed with an error otherwise. */
export type ReleaseStatus = 'pending' | 'succeeded' | 'failed';

/** A release as stored. */
export interface Release {
  id: number;
  appId: number;
  /** Per-app increasing number, shown as v<number>. */
  number: number;
  gitSha: string | null;
  status: ReleaseStatus;
  description: string;
  /** The release whose build directory this one runs (itself for a build). */
  buildNumber: number | null;
  /** Config vars when the release was made. */
  config: Record<string, string>;
  deployer: string | null;
  pushedBy: string | null;
  buildLog: string | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  /** The pipeline stage a pending release is in (what a killed deploy was doing). */
  stage: string | null;
}

interface Row {
  id: number;
  app_id: number;
  number: number;
  git_sha: string | null;
  status: ReleaseStatus;
  description: string;
  build_number: number | null;
  config: string;
  deployer: string | null;
  pushed_by: string | null;
  build_log: string | null;
  error: string | null;
  created_at: string;
  finished_at: string | null;
  stage: string | null;
}

const toRelease = (r: Row): Release => ({
  id: r.id,
  appId: r.app_id,
  number: r.number,
  gitSha: r.git_sha,
  status: r.status,
  description: r.description,
  buildNumber: r.build_number,
  config: JSON.parse(r.config) as Record<string, string>,
  deployer: r.deployer,
  pushedBy: r.pushed_by,
  buildLog: r.build_log,
  error: r.error,
  createdAt: r.created_at,
  finishedAt: r.finished_at,
  stage: r.stage,
});

/** What a new release starts with. */
export interface NewRelease {
  appId: number;
  gitSha: string | null;
  description: string;
  buildNumber?: number | null;
  config: Record<string, string>;
  pushedBy?: string | null;
}

/** Queries and changes on releases. */
export function createReleasesRepo(db: Db) {
  return {
    /** Creates a pending release with the next number for its app. */
    create(r: NewRelease): Release {
      const next =
        (db
          .prepare<[number], { n: number | null }>(
            'SELECT MAX(number) AS n FROM releases WHERE app_id = ?',
          )
          .get(r.appId)?.n ?? 0) + 1;
      const row = db
        .prepare<unknown[], Row>(
          `INSERT INTO releases (app_id, number, git_sha, status, description, build_number, config, pushed_by, created_at)
           VALUES (?, ?, ?, 'pending', ?, ?, ?, ?, ?) RETURNING *`,
        )
        .get(
          r.appId,
          next,
          r.gitSha,
          r.description,
          r.buildNumber ?? null,
          JSON.stringify(r.config),
          r.pushedBy ?? null,
          new Date().toISOString(),
        );
      if (!row) throw new Hop3Error('E_INTERNAL', 'could not record the release');
      return toRelease(row);
    },
    /** Releases of an app, newest first. */
    list(appId: number, limit = 1000): Release[] {
      return db
        .prepare<[number, number], Row>(
          'SELECT * FROM releases WHERE app_id = ? ORDER BY number DESC LIMIT ?',
        )
        .all(appId, limit)
        .map(toRelease);
    },
    find(appId: number, number: number): Release | undefined {
      const row = db
        .prepare<[number, number], Row>('SELECT * FROM releases WHERE app_id = ? AND number = ?')
        .get(appId, number);
      return row ? toRelease(row) : undefined;
    },
    get(appId: number, number: number, app: string): Release {
      const found = this.find(appId, number);
      if (!found) {
        throw new Hop3Error('E_RELEASE_NOT_FOUND', `app "${app}" has no release v${number}`, {
          hint: `run "releases ${app}" to list its releases`,
        });
      }
      return found;
    },
    update(
      id: number,
      fields: {
        buildNumber?: number;
        buildLog?: string;
        deployer?: string;
        config?: Record<string, string>;
      },
    ): void {
      if (fields.config !== undefined)
        db.prepare('UPDATE releases SET config = ? WHERE id = ?').run(
          JSON.stringify(fields.config),
          id,
        );
      if (fields.buildNumber !== undefined)
        db.prepare('UPDATE releases SET build_number = ? WHERE id = ?').run(fields.buildNumber, id);
      if (fields.buildLog !== undefined)
        db.prepare('UPDATE releases SET build_log = ? WHERE id = ?').run(fields.buildLog, id);
      if (fields.deployer !== undefined)
        db.prepare('UPDATE releases SET deployer = ? WHERE id = ?').run(fields.deployer, id);
    },
    /** Records the stage a pending release has reached. */
    setStage(id: number, stage: string): void {
      db.prepare('UPDATE releases SET stage = ? WHERE id = ?').run(stage, id);
    },
    /** The newest succeeded releases of an app (newest first). */
    succeeded(appId: number, limit = 1000): Release[] {
      return db
        .prepare<[number, number], Row>(
          "SELECT * FROM releases WHERE app_id = ? AND status = 'succeeded' ORDER BY number DESC LIMIT ?",
        )
        .all(appId, limit)
        .map(toRelease);
    },
    /** Marks a release finished. */
    finish(id: number, status: 'succeeded' | 'failed', error: string | null = null): void {
      db.prepare('UPDATE releases SET status = ?, error = ?, finished_at = ? WHERE id = ?').run(
        status,
        error,
        new Date().toISOString(),
        id,
      );
    },
    /** Marks releases left pending by a killed deploy as failed; returns how many. */
    failInterrupted(appId: number): number {
      return db
        .prepare(
          `UPDATE releases SET status = 'failed',
           error = 'interrupted during ' || COALESCE(stage, 'its start') || ': the deploy process stopped before finishing',
           finished_at = ? WHERE app_id = ? AND status = 'pending'`,
        )
        .run(new Date().toISOString(), appId).changes;
    },
  };
}

/** The releases repository. */
export type ReleasesRepo = ReturnType<typeof createReleasesRepo>;
