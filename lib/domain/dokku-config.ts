// What an app's Heroku/Dokku files (app.json, CHECKS) add to its configuration; hop3.toml wins where both say
// something, and each such conflict is one line of `notes`.
import { parseAppJson, type AppJson, type HealthCheckConfig } from './app-json.js';
import { readAppFile } from './app-file.js';
import { parseChecksFile } from './checks-file.js';
import type { Hop3Toml } from './hop3-toml.js';

/**
 * app.json and CHECKS, read and merged under hop3.toml: app.json's fields, with `healthcheck` merged field by
 * field (hop3.toml [healthcheck], then app.json healthchecks.web, then CHECKS) and `notes` also naming each
 * conflict where hop3.toml wins.
 */
export interface DokkuConfig extends AppJson {
  files: { appJson: boolean; checks: boolean };
}

const FIELDS = ['path', 'contains', 'timeout', 'attempts'] as const;

function mergeChecks(
  layers: { from: string; check: HealthCheckConfig | undefined }[],
  notes: string[],
): HealthCheckConfig | undefined {
  const merged: Record<string, string | number> = {};
  const source: Record<string, string> = {};
  for (const { from, check } of layers) {
    if (!check) continue;
    for (const field of FIELDS) {
      const value = check[field];
      if (value === undefined) continue;
      if (merged[field] === undefined) {
        merged[field] = value;
        source[field] = from;
      } else if (merged[field] !== value) {
        notes.push(
          `${source[field]} ${field} ${JSON.stringify(merged[field])} wins over ${from} ${JSON.stringify(value)}`,
        );
      }
    }
  }
  return Object.keys(merged).length > 0 ? merged : undefined;
}

/** Reads app.json and CHECKS (never through a symlink) from a source directory and merges them under hop3.toml. */
export function loadDokkuConfig(sourceDir: string, toml: Hop3Toml): DokkuConfig {
  const jsonText = readAppFile(sourceDir, 'app.json');
  const checksText = readAppFile(sourceDir, 'CHECKS');
  const json = jsonText === undefined ? undefined : parseAppJson(jsonText);
  const checks = checksText === undefined ? undefined : parseChecksFile(checksText);
  const notes = [...(json?.notes ?? []), ...(checks?.notes ?? [])];
  const out: DokkuConfig = {
    formation: json?.formation ?? {},
    env: {},
    secrets: json?.secrets ?? [],
    notes,
    files: { appJson: jsonText !== undefined, checks: checksText !== undefined },
  };
  if (json?.predeploy !== undefined) out.predeploy = json.predeploy;
  if (json?.postdeploy !== undefined) out.postdeploy = json.postdeploy;
  const healthcheck = mergeChecks(
    [
      { from: 'hop3.toml [healthcheck]', check: toml.healthcheck },
      { from: 'app.json healthchecks', check: json?.healthcheck },
      { from: 'CHECKS', check: checks?.healthcheck },
    ],
    notes,
  );
  if (healthcheck) out.healthcheck = healthcheck;
  for (const [name, value] of Object.entries(json?.env ?? {})) {
    const fromToml = toml.env?.[name];
    if (fromToml !== undefined && fromToml !== value)
      notes.push(`hop3.toml [env] ${name} wins over app.json env`);
    out.env[name] = value;
  }
  for (const name of out.secrets) {
    if (toml.env?.[name] !== undefined)
      notes.push(`hop3.toml [env] ${name} wins over app.json env (generator "secret")`);
  }
  out.secrets = out.secrets.filter((name) => toml.env?.[name] === undefined);
  return out;
}
