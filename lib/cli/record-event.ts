// The one place commands reach the event log: main() records each successful command that declares an event.
import type { CommandContext } from './context.js';
import type { CommandSpec, EventNote, ParsedArgs } from './spec.js';

/** Records the command's event (its `event` note, the caller as actor); a failure to record only warns. */
export function recordCommandEvent(ctx: CommandContext, spec: CommandSpec, args: ParsedArgs): void {
  // Root commands (setup, boot, priv:*) declare none: root must not create the database's files.
  if (!spec.event || spec.root) return;
  try {
    const note = spec.event(args);
    ctx
      .state()
      .events.record(
        { app: note.app, actor: ctx.user, action: spec.name, summary: note.summary },
        ctx.settings().events,
      );
  } catch (error) {
    ctx.stderr.write(
      ` !     ${spec.name} succeeded but was not recorded in the event log: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  }
}

/** An event of the app named by the first argument. */
export function appEvent(summary: (args: ParsedArgs) => string): (args: ParsedArgs) => EventNote {
  return (args) => ({ app: args.positionals[0] ?? null, summary: summary(args) });
}

/** A host-wide event (keys, tokens, plugins). */
export function hostEvent(summary: (args: ParsedArgs) => string): (args: ParsedArgs) => EventNote {
  return (args) => ({ app: null, summary: summary(args) });
}

/** The keys of KEY=VALUE arguments, comma-separated: values never reach the event log. */
export function assignedKeys(args: readonly string[]): string {
  return args.map((a) => a.slice(0, Math.max(0, a.indexOf('=')))).join(', ');
}

/** ` (apps: a,b)` for an `--apps` option, else ` (admin)`. */
export function appsSuffix(value: unknown): string {
  return typeof value === 'string' ? ` (apps: ${value})` : ' (admin)';
}
