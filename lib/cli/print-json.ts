// Prints a `--json` listing, typed by its shape in json-shapes.ts without loading zod at run time
// (zod takes ~60 ms to import; a plain `config:get` over ssh must not pay for it).
import type { z } from 'zod';
import type * as Shapes from './json-shapes.js';

/** The names of the shapes in json-shapes.ts. */
type ShapeName = {
  [K in keyof typeof Shapes]: (typeof Shapes)[K] extends z.ZodType ? K : never;
}[keyof typeof Shapes];

/** Prints `value` (typed by the named shape) as indented JSON. */
export function printShape<K extends ShapeName>(
  print: (line: string) => void,
  _shape: K,
  value: z.infer<(typeof Shapes)[K]>,
): void {
  print(JSON.stringify(value, null, 2));
}
