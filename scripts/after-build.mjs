// The end of `npm run build`: the vendor facades bundled (scripts/bundle-vendor.mjs), the catalogue
// index the compiled CLI reads (harness/run/catalogue-index.ts), then dist/BUILT, which says the
// build is complete and as new as its sources (fresh-build.mjs).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundleVendor } from './bundle-vendor.mjs';

await bundleVendor(fileURLToPath(new URL('..', import.meta.url)));
const { writeCatalogueIndex } = await import('../dist/harness/run/catalogue-index.js');
await writeCatalogueIndex();
writeFileSync(new URL('../dist/BUILT', import.meta.url), new Date().toISOString());
