// The parts of a Heroku/Dokku app.json that hop3 uses: scripts.dokku.predeploy/postdeploy, healthchecks.web,
// formation and env. Other keys (name, description, buildpacks, addons...) are accepted and ignored.
import { z } from 'zod';
import { Hop3Error } from '../errors.js';
import { isProcessName } from './names.js';

/** A health check as hop3.toml's [healthcheck] says it (timeout: the whole window, in seconds). */
export interface HealthCheckConfig {
  path?: string | undefined;
  contains?: string | undefined;
  timeout?: number | undefined;
  attempts?: number | undefined;
}

const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'is not a valid environment variable name');
const seconds = z.number().int().min(0).max(600);

const check = z.looseObject({
  type: z.string().optional(),
  name: z.string().optional(),
  path: z.string().startsWith('/', 'must start with "/"').optional(),
  content: z.string().min(1).optional(),
  attempts: z.number().int().min(1).max(100).optional(),
  timeout: seconds.optional(),
  wait: seconds.optional(),
  initialDelay: seconds.optional(),
});

const schema = z.looseObject({
  scripts: z
    .looseObject({
      dokku: z
        .looseObject({
          predeploy: z.string().min(1).optional(),
          postdeploy: z.string().min(1).optional(),
        })
        .optional(),
    })
    .optional(),
  healthchecks: z.looseObject({ web: z.array(check).optional() }).optional(),
  formation: z
    .record(
      z.string().refine(isProcessName, 'is not a valid process type'),
      z.looseObject({ quantity: z.number().int().min(0).max(100).optional() }),
    )
    .optional(),
  env: z
    .record(
      envName,
      z.preprocess(
        (v) => (typeof v === 'string' ? { value: v } : v),
        z.looseObject({
          value: z.union([z.string(), z.number(), z.boolean()]).transform(String).optional(),
          generator: z.literal('secret', 'must be "secret"').optional(),
          required: z.boolean().optional(),
          description: z.string().optional(),
        }),
      ),
    )
    .optional(),
});

/** What hop3 takes from an app.json. */
export interface AppJson {
  /** Runs like the release command, before the switch. */
  predeploy?: string;
  /** Runs after the switch; its failure is a warning. */
  postdeploy?: string;
  /** The first healthchecks.web entry with a path. */
  healthcheck?: HealthCheckConfig;
  /** Initial process counts: { worker: 2 }. */
  formation: Record<string, number>;
  /** Default values of config vars. */
  env: Record<string, string>;
  /** Config vars to create once with a random value (`generator: "secret"`). */
  secrets: string[];
  /** One line each: what was read but not used. */
  notes: string[];
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.map(String).join('.');
  return `"${where}" ${issue.message}`;
}

/** The window of a Dokku check: wait, then `attempts` tries of `timeout` seconds each (Dokku's defaults 5, 5, 30). */
export function dokkuWindow(c: {
  wait?: number | undefined;
  attempts?: number | undefined;
  timeout?: number | undefined;
}): number {
  return Math.min(600, Math.max(1, (c.wait ?? 5) + (c.attempts ?? 5) * (c.timeout ?? 30)));
}

/** Parses and validates app.json text. Throws E_APP_JSON naming the field at fault. */
export function parseAppJson(text: string): AppJson {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const first = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    throw new Hop3Error('E_APP_JSON', `app.json is not valid JSON: ${first}`);
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Hop3Error('E_APP_JSON', `app.json: ${issue ? describeIssue(issue) : 'invalid'}`, {
      hint: 'see docs/coming-from.md for the app.json fields hop3 reads',
    });
  }
  const data = result.data;
  const out: AppJson = { formation: {}, env: {}, secrets: [], notes: [] };
  const predeploy = data.scripts?.dokku?.predeploy;
  const postdeploy = data.scripts?.dokku?.postdeploy;
  if (predeploy !== undefined) out.predeploy = predeploy;
  if (postdeploy !== undefined) out.postdeploy = postdeploy;
  const checks = (data.healthchecks?.web ?? []).filter((c) => c.path !== undefined);
  const first = checks[0];
  if (first) {
    const hc: HealthCheckConfig = { path: first.path };
    if (first.content !== undefined) hc.contains = first.content;
    if (first.wait !== undefined || first.attempts !== undefined || first.timeout !== undefined) {
      hc.timeout = dokkuWindow({
        wait: first.wait ?? first.initialDelay,
        attempts: first.attempts,
        timeout: first.timeout,
      });
    }
    out.healthcheck = hc;
    if (checks.length > 1) {
      out.notes.push(
        `app.json: healthchecks.web has ${checks.length} checks with a path; hop3 uses the first (${first.path as string})`,
      );
    }
  }
  for (const [name, f] of Object.entries(data.formation ?? {}))
    if (f.quantity !== undefined) out.formation[name] = f.quantity;
  for (const [name, e] of Object.entries(data.env ?? {})) {
    if (e.generator === 'secret') out.secrets.push(name);
    else if (e.value !== undefined) out.env[name] = e.value;
  }
  return out;
}
