// The toolchain contract for the python toolchain: python-pyproject installs with pip install . into a cached
// virtualenv; a syntax error fails the byte-compilation with Python's own words.
import { existsSync } from 'node:fs';
import python from '../../plugins/toolchains/python/index.js';
import { toolchainContract } from '../contracts/toolchain.js';

// This machine's local package index (MACHINE.md): pip install . fetches the build backend from it.
const LOCAL_INDEX = '/opt/pypi/simple';

toolchainContract({
  toolchain: python,
  name: 'python',
  sample: 'python-pyproject',
  kind: 'python',
  broken: { 'server.py': 'def main(:\n    pass\n' },
  brokenMessage: /SyntaxError: invalid syntax/,
  ...(existsSync(LOCAL_INDEX) ? { env: { PIP_INDEX_URL: `file://${LOCAL_INDEX}` } } : {}),
});
