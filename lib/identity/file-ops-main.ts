// Entry run as an app user by AppSandbox.files: reads `{ root, ops }` as JSON on stdin and applies them.
import { readFileSync } from 'node:fs';
import { applyFileOps, type FileOp } from './file-ops.js';

try {
  const job = JSON.parse(readFileSync(0, 'utf8')) as { root: string; ops: FileOp[] };
  applyFileOps(job.root, job.ops);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
