// The toolchain contract for the static toolchain: a Procfile "static:" directory, checked to exist.
import staticSite from '../../plugins/toolchains/static/index.js';
import { toolchainContract } from '../contracts/toolchain.js';

toolchainContract({
  toolchain: staticSite,
  name: 'static',
  sample: 'static-site',
  kind: 'static',
  broken: { Procfile: 'static: no-such-dir\n' },
  brokenMessage: /the static directory "no-such-dir" named in the Procfile does not exist/,
});
