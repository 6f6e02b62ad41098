// One doctor check's result, and the helpers that make one.
import { isHop3Error } from '../errors.js';

/** The area a check belongs to (the order doctor reports them in). */
export type DoctorArea = 'config' | 'state' | 'disk' | 'services' | 'apps';

/** One check's result (`doctor --json` prints these; its schema is doctorShape in lib/cli/json-shapes.ts). */
export interface DoctorCheck {
  area: DoctorArea;
  /** What was checked, e.g. "settings.json", "service hop3-emperor", "app web processes". */
  check: string;
  ok: boolean;
  /** What was found. */
  detail: string;
  /** What to do about a failure (null when it passed). */
  fix: string | null;
}

/** What `doctor` found: ok only when every check passed. */
export interface DoctorReport {
  ok: boolean;
  checks: DoctorCheck[];
}

/** A passed check. */
export function pass(area: DoctorArea, check: string, detail: string): DoctorCheck {
  return { area, check, ok: true, detail, fix: null };
}

/** A failed check and what to do about it. */
export function fail(area: DoctorArea, check: string, detail: string, fix: string): DoctorCheck {
  return { area, check, ok: false, detail, fix };
}

/** A failed check from an error: its message, and its hint (else `fix`) as the fix. */
export function failFrom(
  area: DoctorArea,
  check: string,
  error: unknown,
  fix: string,
): DoctorCheck {
  const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
  return fail(area, check, message, (isHop3Error(error) ? error.hint : undefined) ?? fix);
}

/** Runs a check that passes unless it throws. */
export async function checkThat(
  area: DoctorArea,
  check: string,
  fix: string,
  fn: () => Promise<string> | string,
): Promise<DoctorCheck> {
  try {
    return pass(area, check, await fn());
  } catch (error) {
    return failFrom(area, check, error, fix);
  }
}
