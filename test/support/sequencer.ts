// The order npm test starts its files in. vitest starts the longest first only from its cache of
// an earlier run; a clean clone (CI) has none, and then it starts the biggest files first, which
// left the fault matrix (a small file, its CLI runs keep both cores busy) to start late. These start
// first, in this order: the matrix, then the files that mostly wait (a quota window, a gateway that
// never answers), so that their waits overlap the matrix's work instead of idling the cores at the end.
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

export const LONG_FIRST = [
  'test/fault-matrix.test.ts',
  'test/external-example.test.ts',
  'test/no-verdict.test.ts',
  'test/kong-quota.test.ts',
  'test/unreachable.test.ts',
  'test/kind-orchestration.test.ts',
  'test/external-target.test.ts',
];

export default class LongFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification): number => {
      const at = LONG_FIRST.indexOf(relative(this.ctx.config.root, f.moduleId));
      return at === -1 ? LONG_FIRST.length : at;
    };
    // Stable: the rest keep vitest's order (its cache, else size), and each project its place.
    return sorted.map((f, i) => ({ f, i })).sort((a, b) => (a.f.project.name === b.f.project.name ? rank(a.f) - rank(b.f) : 0) || a.i - b.i).map(({ f }) => f);
  }
}
