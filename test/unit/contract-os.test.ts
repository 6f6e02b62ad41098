// The OS contract (test/contracts/os.ts) for every built-in OS plugin. A new OS plugin is tested by adding
// it here; its own command lines stay in its test (debian-os.test.ts).
import debian from '../../plugins/os/debian/index.js';
import { OS_RELEASES, osContract } from '../contracts/os.js';

osContract({
  os: debian,
  name: 'debian',
  family: [OS_RELEASES.debian!, OS_RELEASES.ubuntu!, { ID: 'linuxmint', ID_LIKE: 'ubuntu debian' }],
});
