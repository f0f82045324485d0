/** True when root/dist/BUILT (written last by the build) is newer than every source file. */
export function freshBuild(root: string): boolean;
