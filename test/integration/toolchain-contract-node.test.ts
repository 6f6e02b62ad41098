// The toolchain contract for the node toolchain: node-pnpm installs with pnpm through corepack and builds with
// its build script; a syntax error in its source fails that script with Node's own words.
import node from '../../plugins/toolchains/node/index.js';
import { toolchainContract } from '../contracts/toolchain.js';

toolchainContract({
  toolchain: node,
  name: 'node',
  sample: 'node-pnpm',
  kind: 'node',
  broken: { 'src/server.js': 'const server = ;\n' },
  brokenMessage: /SyntaxError: Unexpected token ';'/,
});
