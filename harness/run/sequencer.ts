// File order for runs whose rate-limit identities are shared with other demos: files then run one
// at a time and rate-limit runs last, so no other demo spends its quota while it waits and bursts.
import { BaseSequencer, type TestSpecification } from 'vitest/node';

export class QuotaLastSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const last = (s: TestSpecification): number => (s.moduleId.endsWith('/rate-limit.test.ts') ? 1 : 0);
    return [...sorted].sort((a, b) => last(a) - last(b));
  }
}
