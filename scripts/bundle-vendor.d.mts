export interface VendorFacade {
  /** The facade under harness/vendor/. */
  source: string;
  format: 'esm' | 'cjs';
  /** Its bundle in dist/. */
  out: string;
}
/** The vendor facades and where the build puts their bundles. */
export function vendorFacades(root: string): VendorFacade[];
/** Bundle each facade over its compiled copy in dist/ (after tsc). */
export function bundleVendor(root: string): Promise<void>;
