// Reads an app's process logs (logs/<process>.<n>.log): the last lines of each, and new lines as they come.
import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** One process log file. */
export interface LogFile {
  /** "web.1" */
  label: string;
  path: string;
}

/** The app's process log files, optionally only those of one process type. */
export function logFiles(dir: string, process?: string): LogFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /^[a-z][a-z0-9_-]*\.\d+\.log$/.test(f))
    .map((f) => ({ label: f.slice(0, -4), path: join(dir, f) }))
    .filter((f) => process === undefined || f.label.startsWith(`${process}.`))
    .sort((a, b) => a.label.localeCompare(b.label, 'en', { numeric: true }));
}

function readRange(path: string, start: number, end: number): string {
  if (end <= start) return '';
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(end - start);
    const n = readSync(fd, buf, 0, buf.length, start);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** The last `count` lines of a file, reading at most the final 1 MiB. */
export function lastLinesOf(path: string, count: number): string[] {
  const size = statSync(path).size;
  const text = readRange(path, Math.max(0, size - 1024 * 1024), size);
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return count <= 0 ? [] : lines.slice(-count);
}

/**
 * Watches files and calls `onLine` for every line appended, until `signal` aborts. Files are followed by
 * inode: a new generation's log renamed over `web.1.log` is read from its start, once.
 */
export async function followLogs(
  files: () => LogFile[],
  onLine: (label: string, line: string) => void,
  signal: AbortSignal,
  intervalMs = 300,
): Promise<void> {
  const offsets = new Map<string, number>();
  const fileId = (st: { dev: number; ino: number }): string => `${st.dev}:${st.ino}`;
  for (const f of files()) {
    const st = statSync(f.path);
    offsets.set(fileId(st), st.size);
  }
  while (!signal.aborted) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    for (const f of files()) {
      let size: number;
      let id: string;
      try {
        const st = statSync(f.path);
        size = st.size;
        id = fileId(st);
      } catch {
        continue;
      }
      const from = offsets.get(id) ?? 0;
      const start = size < from ? 0 : from;
      if (size === start) continue;
      const text = readRange(f.path, start, size);
      const complete = text.lastIndexOf('\n') + 1;
      if (complete === 0) continue;
      offsets.set(id, start + Buffer.byteLength(text.slice(0, complete)));
      for (const line of text.slice(0, complete - 1).split('\n')) onLine(f.label, line);
    }
  }
}
