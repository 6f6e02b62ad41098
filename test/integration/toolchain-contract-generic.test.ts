// The toolchain contract for the generic toolchain: a Procfile-only app; fails through its hop3.toml build command.
import generic from '../../plugins/toolchains/generic/index.js';
import { toolchainContract } from '../contracts/toolchain.js';

toolchainContract({
  toolchain: generic,
  name: 'generic',
  sample: 'procfile-worker',
  kind: 'generic',
  // A Procfile app has no compiler: its hop3.toml build command (here a shell syntax check) is what fails.
  broken: {
    'worker.sh': 'if true; then\n  echo never\n',
    'hop3.toml': '[build]\nbuild = "sh -n worker.sh"\n',
  },
  brokenMessage: /Syntax error/,
  // Every other sample has a language marker or a static: line that outranks a bare Procfile.
  otherSamples: ['node-express', 'python-web', 'python-wsgi', 'static-site'],
});
