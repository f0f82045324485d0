#!/usr/bin/env node
// The `mtls-conformance` bin: loads the TypeScript CLI through tsx (no build step to go stale).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
