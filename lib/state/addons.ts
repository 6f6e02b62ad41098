// The addons, addon_attachments and addon_cleanups tables (migration 003-addons).
import { Hop3Error } from '../errors.js';
import type { Db } from './db.js';

/** An addon as stored (its credential still encrypted). */
export interface AddonRow {
  id: number;
  name: string;
  type: string;
  credential: string;
  createdAt: string;
}

/** One app an addon is attached to. */
export interface Attachment {
  addonId: number;
  addon: string;
  appId: number;
  app: string;
  /** null: the variables are unprefixed (`DATABASE_URL`). */
  prefix: string | null;
  attachedAt: string;
}

/** A creation that failed half-way; its leftovers on the server are removed when the server answers again. */
export interface Cleanup {
  name: string;
  type: string;
  startedAt: string;
  error: string | null;
}

interface Row {
  id: number;
  name: string;
  type: string;
  credential: string;
  created_at: string;
}

const toAddon = (r: Row): AddonRow => ({
  id: r.id,
  name: r.name,
  type: r.type,
  credential: r.credential,
  createdAt: r.created_at,
});

const ATTACHMENTS = `SELECT t.addon_id, a.name AS addon, t.app_id, p.name AS app, t.prefix, t.attached_at
  FROM addon_attachments t JOIN addons a ON a.id = t.addon_id JOIN apps p ON p.id = t.app_id`;

interface AttachmentRow {
  addon_id: number;
  addon: string;
  app_id: number;
  app: string;
  prefix: string | null;
  attached_at: string;
}

const toAttachment = (r: AttachmentRow): Attachment => ({
  addonId: r.addon_id,
  addon: r.addon,
  appId: r.app_id,
  app: r.app,
  prefix: r.prefix,
  attachedAt: r.attached_at,
});

/** Queries and changes on addons, their attachments and pending cleanups. */
export function createAddonsRepo(db: Db) {
  const byName = db.prepare<[string], Row>('SELECT * FROM addons WHERE name = ?');
  return {
    /** All addons, by name. */
    list(): AddonRow[] {
      return db.prepare<[], Row>('SELECT * FROM addons ORDER BY name').all().map(toAddon);
    },
    find(name: string): AddonRow | undefined {
      const row = byName.get(name);
      return row ? toAddon(row) : undefined;
    },
    /** The addon, or E_ADDON_NOT_FOUND. */
    get(name: string): AddonRow {
      const row = byName.get(name);
      if (!row)
        throw new Hop3Error('E_ADDON_NOT_FOUND', `addon "${name}" does not exist`, {
          hint: 'run "addons" to list addons',
        });
      return toAddon(row);
    },
    /** Records a created addon and forgets its pending cleanup, in one transaction. */
    insert(name: string, type: string, credential: string): void {
      db.transaction(() => {
        db.prepare(
          'INSERT INTO addons (name, type, credential, created_at) VALUES (?, ?, ?, ?)',
        ).run(name, type, credential, new Date().toISOString());
        db.prepare('DELETE FROM addon_cleanups WHERE name = ?').run(name);
      })();
    },
    remove(id: number): void {
      db.prepare('DELETE FROM addons WHERE id = ?').run(id);
    },
    /** Attachments of one addon, or of one app, in the order they were made. */
    attachments(filter: { addonId?: number; appId?: number }): Attachment[] {
      const where =
        filter.addonId !== undefined
          ? 'WHERE t.addon_id = ?'
          : filter.appId !== undefined
            ? 'WHERE t.app_id = ?'
            : '';
      const args = [filter.addonId ?? filter.appId].filter((v) => v !== undefined);
      return db
        .prepare<unknown[], AttachmentRow>(`${ATTACHMENTS} ${where} ORDER BY t.attached_at, a.name`)
        .all(...args)
        .map(toAttachment);
    },
    attach(addonId: number, appId: number, prefix: string | null): void {
      db.prepare(
        'INSERT INTO addon_attachments (addon_id, app_id, prefix, attached_at) VALUES (?, ?, ?, ?)',
      ).run(addonId, appId, prefix, new Date().toISOString());
    },
    /** Re-inserts an attachment exactly as it was (undoing a detach). */
    restoreAttachment(a: Attachment): void {
      db.prepare(
        'INSERT OR IGNORE INTO addon_attachments (addon_id, app_id, prefix, attached_at) VALUES (?, ?, ?, ?)',
      ).run(a.addonId, a.appId, a.prefix, a.attachedAt);
    },
    detach(addonId: number, appId: number): boolean {
      return (
        db
          .prepare('DELETE FROM addon_attachments WHERE addon_id = ? AND app_id = ?')
          .run(addonId, appId).changes > 0
      );
    },
    /** Remembers that a creation started (removed by insert() when it succeeds). */
    startCleanup(name: string, type: string): void {
      db.prepare(
        'INSERT OR REPLACE INTO addon_cleanups (name, type, started_at) VALUES (?, ?, ?)',
      ).run(name, type, new Date().toISOString());
    },
    noteCleanupError(name: string, error: string): void {
      db.prepare('UPDATE addon_cleanups SET error = ? WHERE name = ?').run(error, name);
    },
    endCleanup(name: string): void {
      db.prepare('DELETE FROM addon_cleanups WHERE name = ?').run(name);
    },
    cleanups(): Cleanup[] {
      return db
        .prepare<[], { name: string; type: string; started_at: string; error: string | null }>(
          'SELECT * FROM addon_cleanups ORDER BY name',
        )
        .all()
        .map((r) => ({ name: r.name, type: r.type, startedAt: r.started_at, error: r.error }));
    },
  };
}

/** The addons repository. */
export type AddonsRepo = ReturnType<typeof createAddonsRepo>;
