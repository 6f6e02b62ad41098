// Reads the state of an app's instances from their files: vassal present, pid alive, starts counted.
import { existsSync } from 'node:fs';
import type { InstanceStatus, Paths, ProcessKind } from '../../../lib/sdk.js';
import { countStarts, readText } from './files.js';
import { instanceFiles, listInstances, type InstanceKey } from './layout.js';
import { recordedPid } from './processes.js';

/** What deploy records beside an instance (its run dir `<process>.<n>.json`). */
export interface InstanceMeta {
  release: number;
  kind: ProcessKind;
  port?: number;
}

const KINDS: readonly string[] = ['web', 'wsgi', 'rwsgi', 'php', 'worker', 'cron'];

/** The recorded meta of an instance, or undefined when its file is missing or damaged. */
export function readMeta(file: string): InstanceMeta | undefined {
  try {
    const raw = JSON.parse(readText(file) ?? '') as Partial<InstanceMeta>;
    if (
      typeof raw.release !== 'number' ||
      typeof raw.kind !== 'string' ||
      !KINDS.includes(raw.kind)
    )
      return undefined;
    return {
      release: raw.release,
      kind: raw.kind,
      ...(typeof raw.port === 'number' ? { port: raw.port } : {}),
    };
  } catch {
    return undefined;
  }
}

/**
 * One instance's status. Web, worker and wsgi processes count their starts, so restarts = starts - 1;
 * one that started and is not alive now has crashed (uWSGI respawns it). A cron instance is its vassal:
 * the scheduled commands come and go.
 */
function instanceStatus(paths: Paths, key: InstanceKey): InstanceStatus {
  const files = instanceFiles(paths, key);
  const meta = readMeta(files.meta);
  const kind = meta?.kind ?? 'worker';
  const base = {
    process: key.process,
    kind,
    index: key.index,
    generation: key.generation,
    // A generation started beside a live one writes its own log until it is kept (retire renames it).
    logFile: existsSync(files.generationLog) ? files.generationLog : files.logFile,
  };
  const port = meta?.port === undefined ? {} : { port: meta.port };
  const pidFile = kind === 'cron' ? files.vassalPid : files.pid;
  const pid = recordedPid(pidFile);
  const starts =
    kind === 'cron' ? (readText(pidFile) === undefined ? 0 : 1) : countStarts(files.starts);
  // A pid file is truncated, then written: empty (or not yet a number) it is still being written.
  const recorded = /^\d+\s*$/.test(readText(pidFile) ?? '');
  const state = pid !== undefined ? 'running' : starts === 0 || !recorded ? 'starting' : 'crashed';
  return {
    ...base,
    ...port,
    state,
    restarts: Math.max(0, starts - 1),
    ...(pid === undefined ? {} : { pid }),
  };
}

/** The status of every instance of an app (none when it has no vassal). */
export function appStatus(paths: Paths, app: string): InstanceStatus[] {
  return listInstances(paths, app).map((key) => instanceStatus(paths, key));
}

/** Ports recorded by every live vassal, of every app: a new instance must not take one of them. */
export function recordedPorts(paths: Paths): Set<number> {
  const ports = new Set<number>();
  for (const key of listInstances(paths)) {
    const port = readMeta(instanceFiles(paths, key).meta)?.port;
    if (port !== undefined) ports.add(port);
  }
  return ports;
}
