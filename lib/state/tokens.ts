// The tokens table: HTTP push credentials, stored only as SHA-256 hashes.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Hop3Error } from '../errors.js';
import type { Db } from './db.js';

/** A token as listed (never its secret). */
export interface TokenInfo {
  id: number;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

const hashOf = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/** Queries and changes on tokens. */
export function createTokensRepo(db: Db) {
  return {
    /** Creates a token and returns its secret (shown once, never stored). */
    create(name: string): string {
      if (db.prepare('SELECT 1 FROM tokens WHERE name = ?').get(name)) {
        throw new Hop3Error('E_TOKEN_EXISTS', `a token named "${name}" already exists`, {
          hint: `revoke it first with "tokens:revoke ${name}", or pick another name`,
        });
      }
      const secret = `hop3_${randomBytes(24).toString('base64url')}`;
      db.prepare('INSERT INTO tokens (name, hash, created_at) VALUES (?, ?, ?)').run(
        name,
        hashOf(secret),
        new Date().toISOString(),
      );
      return secret;
    },
    list(): TokenInfo[] {
      return db
        .prepare<[], { id: number; name: string; created_at: string; last_used_at: string | null }>(
          'SELECT id, name, created_at, last_used_at FROM tokens ORDER BY name',
        )
        .all()
        .map((r) => ({
          id: r.id,
          name: r.name,
          createdAt: r.created_at,
          lastUsedAt: r.last_used_at,
        }));
    },
    revoke(name: string): void {
      // The token's access scope (migration access-001-scopes) goes with it.
      db.prepare("DELETE FROM access_limited WHERE kind = 'token' AND name = ?").run(name);
      if (db.prepare('DELETE FROM tokens WHERE name = ?').run(name).changes === 0) {
        throw new Hop3Error('E_TOKEN_NOT_FOUND', `no token named "${name}"`, {
          hint: 'run "tokens:list" to see the tokens',
        });
      }
    },
    /** The token's name when `secret` is a valid token, else undefined. Records its use. */
    verify(secret: string): string | undefined {
      if (!secret.startsWith('hop3_')) return undefined;
      const wanted = Buffer.from(hashOf(secret), 'hex');
      const rows = db
        .prepare<[], { id: number; name: string; hash: string }>(
          'SELECT id, name, hash FROM tokens',
        )
        .all();
      const match = rows.find((r) => timingSafeEqual(Buffer.from(r.hash, 'hex'), wanted));
      if (!match) return undefined;
      db.prepare('UPDATE tokens SET last_used_at = ? WHERE id = ?').run(
        new Date().toISOString(),
        match.id,
      );
      return match.name;
    },
  };
}

/** The tokens repository. */
export type TokensRepo = ReturnType<typeof createTokensRepo>;
