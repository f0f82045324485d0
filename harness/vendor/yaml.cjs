// The YAML parser, loaded with require when a file is first read (harness/config/yaml-file.ts). A
// vendor facade: bundled at npm run build (scripts/bundle-vendor.mjs), 73 files in one.
module.exports = require('yaml');
