// Text for `addons`, `addons:types` and `addons:info`.
import { formatTable } from '../output/table.js';
import type { AddonListing, InfoView } from '../addons/inspect.js';

/** The `addons` table. */
export function addonsTable(rows: readonly AddonListing[]): string[] {
  if (rows.length === 0)
    return [
      'No addons yet. Create one: addons:create postgres mydb (addons:types lists the types)',
    ];
  return formatTable(
    ['NAME', 'TYPE', 'APPS', 'STATUS'],
    rows.map((r) => [r.name, r.type, r.apps.join(', ') || '-', r.status]),
  );
}

/** The `addons:types` table. */
export function typesTable(
  types: readonly { type: string; description: string; server: string; hint?: string }[],
): string[] {
  const lines = formatTable(
    ['TYPE', 'SERVER', 'DESCRIPTION'],
    types.map((t) => [t.type, t.server === 'ready' ? 'ready' : 'not ready', t.description]),
  );
  for (const t of types.filter((x) => x.server !== 'ready'))
    lines.push('', `${t.type}: ${t.server}${t.hint ? `\n  fix: ${t.hint}` : ''}`);
  return lines;
}

/** The `addons:info` text. */
export function infoText(info: InfoView, revealed: boolean): string[] {
  const facts = Object.entries(info).filter(
    ([k, v]) => !['name', 'type', 'createdAt', 'apps', 'env'].includes(k) && typeof v === 'string',
  ) as [string, string][];
  const rows: [string, string][] = [
    ['created', info.createdAt.replace('T', ' ').slice(0, 19)],
    ...facts,
  ];
  rows.push([
    'apps',
    info.apps.map((a) => (a.prefix === null ? a.app : `${a.app} (as ${a.prefix}_*)`)).join(', ') ||
      'none (addons:attach NAME APP)',
  ]);
  const width = Math.max(...rows.map(([k]) => k.length + 1));
  const lines = [
    `=== ${info.name} (${info.type})`,
    ...rows.map(([k, v]) => `${`${k}:`.padEnd(width)} ${v}`),
  ];
  lines.push(
    '',
    `--- variables an app gets${info.apps.some((a) => a.prefix !== null) ? ' (unprefixed)' : ''}${revealed ? '' : ' (secrets masked; --reveal shows them)'}`,
  );
  const keyWidth = Math.max(0, ...Object.keys(info.env).map((k) => k.length + 1));
  for (const [k, v] of Object.entries(info.env)) lines.push(`${`${k}:`.padEnd(keyWidth)} ${v}`);
  return lines;
}
