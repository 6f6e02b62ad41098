// Dokku's CHECKS file: "/path expected content" lines, WAIT=, TIMEOUT=, ATTEMPTS= settings and # comments.
import { Hop3Error } from '../errors.js';
import { dokkuWindow, type HealthCheckConfig } from './app-json.js';

/** The parsed CHECKS file: the health check and what was read but not used. */
export interface ChecksFile {
  healthcheck?: HealthCheckConfig;
  notes: string[];
}

const SETTINGS = ['WAIT', 'TIMEOUT', 'ATTEMPTS'] as const;

/** Parses CHECKS text. Throws E_CHECKS_FILE naming the line at fault. */
export function parseChecksFile(text: string): ChecksFile {
  const settings: Partial<Record<(typeof SETTINGS)[number], number>> = {};
  const checks: { path: string; contains?: string }[] = [];
  const lines = text.split(/\r?\n/);
  for (const [i, rawLine] of lines.entries()) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const setting = /^([A-Z_]+)=(.*)$/.exec(line);
    if (setting) {
      const [, key = '', value = ''] = setting;
      const name = SETTINGS.find((s) => s === key);
      if (!name || !/^\d{1,3}$/.test(value.trim())) {
        throw new Hop3Error(
          'E_CHECKS_FILE',
          `CHECKS line ${i + 1}: expected WAIT=, TIMEOUT= or ATTEMPTS= with a number of seconds (or tries), got "${line}"`,
        );
      }
      settings[name] = Number(value.trim());
      continue;
    }
    const check = /^(\S+)(?:\s+(.*))?$/.exec(line);
    const path = check?.[1] ?? '';
    const url = /^(?:[a-z]+:)?\/\/[^/]*(\/.*)?$/.exec(path);
    const localPath = url ? (url[1] ?? '/') : path;
    if (!localPath.startsWith('/')) {
      throw new Hop3Error(
        'E_CHECKS_FILE',
        `CHECKS line ${i + 1}: expected "/path expected content", got "${line}"`,
      );
    }
    const contains = check?.[2]?.trim();
    checks.push({ path: localPath, ...(contains ? { contains } : {}) });
  }
  const notes: string[] = [];
  const first = checks[0];
  if (!first) return { notes };
  if (checks.length > 1) {
    notes.push(
      `CHECKS: ${checks.length} checks; hop3 uses the first (${first.path}${first.contains ? ` "${first.contains}"` : ''})`,
    );
  }
  const healthcheck: HealthCheckConfig = { ...first };
  if (Object.keys(settings).length > 0) {
    healthcheck.timeout = dokkuWindow({
      wait: settings.WAIT,
      attempts: settings.ATTEMPTS,
      timeout: settings.TIMEOUT,
    });
  }
  return { healthcheck, notes };
}
