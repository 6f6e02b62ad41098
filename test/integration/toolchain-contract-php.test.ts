// The toolchain contract for the php toolchain: php-app runs composer install (no packages, its autoloader);
// a syntax error fails the syntax check with PHP's own words.
import php from '../../plugins/toolchains/php/index.js';
import { toolchainContract } from '../contracts/toolchain.js';

toolchainContract({
  toolchain: php,
  name: 'php',
  sample: 'php-app',
  kind: 'php',
  broken: {
    'src/Greeting.php':
      '<?php\nnamespace App;\nfinal class Greeting {\n    public static function text(): string { return "x" }\n}\n',
  },
  brokenMessage:
    /PHP Parse error: syntax error, unexpected token "\}".* in src\/Greeting\.php on line 4/,
});
