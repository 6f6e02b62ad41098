// The toolchain contract for the ruby toolchain: ruby-rack installs its bundle (Debian's rack, offline) into a
// cached GEM_HOME; a syntax error fails the syntax check with Ruby's own words.
import ruby from '../../plugins/toolchains/ruby/index.js';
import { toolchainContract } from '../contracts/toolchain.js';

toolchainContract({
  toolchain: ruby,
  name: 'ruby',
  sample: 'ruby-rack',
  kind: 'ruby',
  broken: { 'app.rb': 'class App\n  def call(env)\n    [200, {}, ["x"]\n  end\nend\n' },
  brokenMessage: /app\.rb:\d+: syntax error/,
});
