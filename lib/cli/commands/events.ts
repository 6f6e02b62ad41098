// events: who did what and when (pushes, deploys, config keys, scale, rollbacks, addons, keys, tokens).
import { requireAppAccess } from '../../access/rules.js';
import { validateAppName } from '../../domain/names.js';
import { Hop3Error } from '../../errors.js';
import type { EventQuery, EventRecord } from '../../state/events.js';
import type { EventRow } from '../json-shapes.js';
import { printShape } from '../print-json.js';
import { defineCommand } from '../spec.js';
import { followSignal } from './shared.js';

/** One event as a line: time, app (or "-"), actor, action and summary. */
export function formatEvent(e: EventRecord): string {
  return `${e.at.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}  ${e.app ?? '-'}  ${e.actor}  ${e.action}  ${e.summary}`;
}

/** Calls `onEvent` for each event recorded after `afterId`, polling until `signal` aborts. */
export async function followEvents(
  read: (afterId: number) => EventRecord[],
  afterId: number,
  onEvent: (e: EventRecord) => void,
  signal: AbortSignal,
  intervalMs = 500,
): Promise<void> {
  let last = afterId;
  while (!signal.aborted) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    for (const e of read(last)) {
      onEvent(e);
      last = e.id;
    }
  }
}

export const eventsCommands = [
  defineCommand({
    name: 'events',
    summary:
      'who did what and when: pushes, deploys, config changes (keys only), scale, rollbacks, addons, keys, tokens (-t to follow)',
    usage: '[APP] [-n N] [-t] [--json]',
    description:
      'A key limited to some apps sees only their events. With -t and --json, each new event is one line of JSON.',
    args: { min: 0, max: 1 },
    options: {
      num: {
        type: 'string',
        short: 'n',
        valueName: 'N',
        description: 'how many of the newest events (default 50)',
      },
      tail: {
        type: 'boolean',
        short: 't',
        description: 'keep printing new events (Ctrl-C to stop)',
      },
      json: { type: 'boolean', description: 'print JSON' },
    },
    // Every caller may run it; a named app must be one of the caller's (limited callers are checked here).
    access: (ctx, { positionals }) => {
      if (positionals[0] !== undefined)
        requireAppAccess(ctx.scope(), validateAppName(positionals[0]));
    },
    async run(ctx, { positionals, options }) {
      const count = Number(options.num ?? 50);
      if (!Number.isInteger(count) || count < 0) {
        throw new Hop3Error(
          'E_USAGE',
          `-n must be a whole number, got ${JSON.stringify(options.num)}`,
          { hint: 'events -n 20' },
        );
      }
      const scope = ctx.scope();
      const query: EventQuery = {
        ...(positionals[0] === undefined ? {} : { app: validateAppName(positionals[0]) }),
        ...(scope.admin ? {} : { apps: [...scope.apps] }),
      };
      const events = ctx.state().events;
      const shown = events.list({ ...query, limit: count });
      if (options.json && !options.tail) {
        printShape((l) => ctx.print(l), 'eventsShape', shown);
        return 0;
      }
      const print = (e: EventRow): void =>
        ctx.print(options.json ? JSON.stringify(e) : formatEvent(e));
      if (shown.length === 0 && !options.tail) ctx.print('no events yet');
      shown.forEach(print);
      if (options.tail) {
        const newest = shown.at(-1)?.id ?? events.list({ ...query, limit: 1 }).at(-1)?.id ?? 0;
        await followEvents(
          (afterId) => events.list({ ...query, afterId, limit: 1000 }),
          newest,
          print,
          followSignal(ctx),
        );
      }
      return 0;
    },
  }),
];
