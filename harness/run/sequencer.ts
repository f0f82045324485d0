// File order for runs whose files run one at a time (a shared quota, or a partner's self-check):
// catalogue order, so valid partners are let in before any refusal needs a positive control (one
// serves those that follow it), and rate-limit last, so no other demo spends its quota while it
// waits and bursts.
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { loadCatalogue } from './load-catalogue.ts';

export class CatalogueOrderSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const { files: byId, ids } = await loadCatalogue();
    const rank = (s: TestSpecification): number => {
      const id = ids.find((i) => s.moduleId.endsWith(`/${byId[i]}`));
      return id === undefined ? ids.length : id === 'rate-limit' ? ids.length + 1 : ids.indexOf(id);
    };
    return [...files].sort((a, b) => rank(a) - rank(b));
  }
}
