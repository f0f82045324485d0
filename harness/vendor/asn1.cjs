// The ASN.1 schema and X.509 structures the probe checks read a key usage with
// (harness/pki/probe-check.ts), loaded with require when first needed. A vendor facade: bundled at
// npm run build (scripts/bundle-vendor.mjs).
module.exports = { ...require('@peculiar/asn1-schema'), ...require('@peculiar/asn1-x509') };
