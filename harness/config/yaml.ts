// The YAML library (parsing a user's files, writing kind's, docker's and Kong's), loaded through
// its vendor bundle (harness/vendor/yaml.cjs) when first used: about 15 ms of CPU bundled and 55 ms
// not, which every CLI start would pay, though many commands (--help, a bad flag) need none.
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

export const yaml = (): typeof import('yaml') => load('../vendor/yaml.cjs') as typeof import('yaml');
