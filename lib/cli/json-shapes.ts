// The shapes `--json` prints, defined once: the commands type what they print with them, the tests validate the real
// output against them. Stable: fields are only added, never renamed or removed. Secrets are never part of a shape.
import { z } from 'zod';

/** `apps --json`: one entry per app the caller may use. */
export const appRow = z.object({
  name: z.string(),
  /** `v3`, or null before the first deploy. */
  release: z.string().nullable(),
  state: z.enum(['not deployed', 'stopped', 'running']),
  url: z.string(),
});
export const appsShape = z.array(appRow);

/** `ps APP --json`: one entry per process instance. */
export const processRow = z.object({
  process: z.string(),
  kind: z.string(),
  index: z.number().int(),
  port: z.number().int().optional(),
  generation: z.number().int(),
  state: z.enum(['running', 'starting', 'crashed', 'stopped']),
  restarts: z.number().int(),
  pid: z.number().int().optional(),
  logFile: z.string(),
});
export const psShape = z.array(processRow);

/** `releases APP --json`: newest first (the config snapshot of a release is left out). */
export const releaseRow = z.object({
  id: z.number().int(),
  appId: z.number().int(),
  number: z.number().int(),
  gitSha: z.string().nullable(),
  status: z.string(),
  description: z.string(),
  buildNumber: z.number().int().nullable(),
  deployer: z.string().nullable(),
  pushedBy: z.string().nullable(),
  buildLog: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  stage: z.string().nullable(),
});
export const releasesShape = z.array(releaseRow);

/** `config APP --json`: the app's config vars, as `config` shows them (addon variables are not included). */
export const configShape = z.record(z.string(), z.string());

/** `addons --json`: the addons the caller may see; `apps` entries are `APP` or `APP (PREFIX_)`. */
export const addonRow = z.object({
  name: z.string(),
  type: z.string(),
  apps: z.array(z.string()),
  status: z.string(),
});
export const addonsShape = z.array(addonRow);

/** `domains APP --json`: the default host name first. */
export const domainRow = z.object({ hostname: z.string(), source: z.string() });
export const domainsShape = z.array(domainRow);

/** `apps` field of tokens and keys: null for an admin, else the apps it is limited to. */
const limitedTo = z.array(z.string()).nullable();

/** `tokens:list --json`: names and dates, never the secrets. */
export const tokenRow = z.object({
  name: z.string(),
  apps: limitedTo,
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export const tokensShape = z.array(tokenRow);

/** `ssh-keys:list --json`: `key` is an abbreviation of the public key, enough to recognise it. */
export const sshKeyRow = z.object({
  name: z.string(),
  type: z.string(),
  key: z.string(),
  apps: limitedTo,
});
export const sshKeysShape = z.array(sshKeyRow);

/** `apps:info APP --json`: one app in full. */
export const appInfoShape = appRow.extend({
  /** When the current release finished deploying (ISO 8601 UTC), null before the first deploy. */
  lastDeploy: z.string().nullable(),
  processes: psShape,
  domains: domainsShape,
  addons: z.array(
    z.object({ name: z.string(), prefix: z.string().nullable(), attachedAt: z.string() }),
  ),
  /** Bytes under the app's directory (code, releases, cache, data, logs). */
  diskBytes: z.number().int().nonnegative(),
});

/** `events --json`: oldest first; `app` is null for host-wide events; `summary` never holds a secret. With -t, each new event is printed as one line of JSON of this row's shape. */
export const eventRow = z.object({
  id: z.number().int(),
  /** ISO 8601 UTC. */
  at: z.string(),
  app: z.string().nullable(),
  /** The ssh key's name, `token:NAME`, or the local user. */
  actor: z.string(),
  /** The command (`config:set`) or `deploy` for a push or rebuild. */
  action: z.string(),
  summary: z.string(),
});
export const eventsShape = z.array(eventRow);

/** `doctor --json`: `ok` is true when every check passed (the exit code is then 0). */
export const doctorCheck = z.object({
  area: z.enum(['config', 'state', 'disk', 'services', 'apps']),
  /** What was checked, e.g. "settings.json", "service hop3-emperor", "app web processes". */
  check: z.string(),
  ok: z.boolean(),
  /** What was found. */
  detail: z.string(),
  /** What to do about a failure (null when it passed). */
  fix: z.string().nullable(),
});
export const doctorShape = z.object({ ok: z.boolean(), checks: z.array(doctorCheck) });

export type AppRow = z.infer<typeof appRow>;
export type ProcessRow = z.infer<typeof processRow>;
export type ReleaseRow = z.infer<typeof releaseRow>;
export type ConfigShape = z.infer<typeof configShape>;
export type AddonRow = z.infer<typeof addonRow>;
export type DomainRow = z.infer<typeof domainRow>;
export type TokenRow = z.infer<typeof tokenRow>;
export type SshKeyRow = z.infer<typeof sshKeyRow>;
export type AppInfo = z.infer<typeof appInfoShape>;
export type EventRow = z.infer<typeof eventRow>;
export type DoctorCheck = z.infer<typeof doctorCheck>;
export type DoctorReport = z.infer<typeof doctorShape>;
