// @peculiar/x509 for the run's PKI (harness/pki/x509.ts), with reflect-metadata evaluated first
// (tsyringe, one of its dependencies, refuses to load without it). A vendor facade: npm run build
// replaces its compiled copy with one bundle of the package and its dependencies (about 20 packages
// and 250 ms of loading in every run, 80 ms as one file): scripts/bundle-vendor.mjs.
import 'reflect-metadata';
export * from '@peculiar/x509';
