// The builder contract (test/contracts/builder.ts) for every built-in builder. A new builder is tested by
// adding it here.
import local from '../../plugins/builders/local/index.js';
import { builderContract } from '../contracts/builder.js';

builderContract({ builder: local, name: 'local' });
