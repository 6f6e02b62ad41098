// The hop3.toml schema: parsed once at the edge into a typed object; unknown keys are errors naming the key.
import { parse as parseToml } from 'smol-toml';
import { z } from 'zod';
import { Hop3Error } from '../errors.js';
import { isAddonName, isAddonType, isPrefix } from './addon-names.js';
import { isHostName, isProcessName } from './names.js';

const command = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
  .transform((c) => (Array.isArray(c) ? c.join(' && ') : c));

const schema = z.strictObject({
  build: z
    .strictObject({
      toolchain: z.string().min(1).optional(),
      /** Several toolchains built in this order (e.g. ["node", "python"]); the last one runs the app. */
      toolchains: z
        .array(z.string().min(1))
        .min(1)
        .refine((names) => new Set(names).size === names.length, 'must not name a toolchain twice')
        .optional(),
      builder: z.string().min(1).optional(),
      build: command.optional(),
      prebuild: command.optional(),
      postbuild: command.optional(),
    })
    .refine(
      (b) => b.toolchain === undefined || b.toolchains === undefined,
      'sets both "toolchain" and "toolchains": keep one',
    )
    .optional(),
  run: z
    .strictObject({
      start: z.string().min(1).optional(),
      release: command.optional(),
      workers: z
        .record(z.string().refine(isProcessName, 'is not a valid process type'), z.string().min(1))
        .optional(),
    })
    .optional(),
  /** Instance counts a process type starts with until `ps:scale` sets its own (docs/deploying.md). */
  scale: z
    .record(
      z.string().refine(isProcessName, 'is not a valid process type'),
      z.number().int().min(0).max(32),
    )
    .optional(),
  env: z
    .record(
      z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'is not a valid environment variable name'),
      z.union([z.string(), z.number(), z.boolean()]).transform(String),
    )
    .optional(),
  healthcheck: z
    .strictObject({
      path: z.string().startsWith('/', 'must start with "/"').optional(),
      contains: z.string().min(1).optional(),
      timeout: z.number().int().min(1).max(600).optional(),
      attempts: z.number().int().min(1).max(100).optional(),
    })
    .optional(),
  domains: z
    .strictObject({
      list: z.array(
        z.string().refine((h) => isHostName(h.toLowerCase()), 'is not a valid host name'),
      ),
    })
    .optional(),
  /** Addons created (if missing) and attached at each deploy: { type, name?, as? } (docs/addons.md). */
  addons: z
    .array(
      z.strictObject({
        type: z.string().refine(isAddonType, 'is not an addon type (e.g. "postgres")'),
        name: z
          .string()
          .refine(isAddonName, 'is not a valid addon name (a-z, 0-9, "-", at most 50)')
          .optional(),
        as: z.string().refine(isPrefix, 'is not a variable prefix (e.g. "ANALYTICS")').optional(),
      }),
    )
    .optional(),
});

/** A validated hop3.toml. */
export type Hop3Toml = z.output<typeof schema>;

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => (where ? `${where}.${k}` : k));
    return `unknown key${keys.length > 1 ? 's' : ''} ${keys.map((k) => `"${k}"`).join(', ')}`;
  }
  return `"${where}" ${issue.message}`;
}

/** Parses and validates hop3.toml text. Throws E_HOP3_TOML naming the key at fault. */
export function parseHop3Toml(text: string): Hop3Toml {
  let raw: unknown;
  try {
    raw = parseToml(text);
  } catch (error) {
    const first = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    throw new Hop3Error('E_HOP3_TOML', `hop3.toml is not valid TOML: ${first}`, { cause: error });
  }
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new Hop3Error('E_HOP3_TOML', `hop3.toml: ${issue ? describeIssue(issue) : 'invalid'}`, {
    hint: 'see docs/configuration.md for the keys hop3.toml accepts',
  });
}
