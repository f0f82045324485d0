// Control actions as report steps: what was asked of the gateway, and what was observed.
import * as allure from 'allure-js-commons';
import type { ActionResult } from '../../harness/core/target.ts';
import { forgetAcceptances } from './accept.ts';
import { markedStep } from './step-status.ts';
import { target } from './target.ts';
import { sayIfLong } from './wait.ts';

export async function act<T extends ActionResult>(title: string, action: () => Promise<T>): Promise<T> {
  // Whatever was let in before this change cannot be the positive control of a refusal after it.
  forgetAcceptances();
  // Broken (not failed) when the change never showed: the case says what that means for it.
  return markedStep(
    (body) => allure.step(`act: ${title}`, body),
    async () => {
      const result = await sayIfLong(`for "${title}" to show`, target().consistency.convergenceMs, action);
      const restart = result.restarted === undefined ? '' : result.restarted ? '\ngateway restarted' : '\nno gateway restart';
      await allure.attachment('control action', `${result.converged ? 'converged' : 'NOT converged'} after ${result.waitedMs} ms${restart}\n${result.detail}`, 'text/plain');
      return result;
    },
    (r) => (r.converged ? { status: 'passed', message: '' } : { status: 'broken', message: `not converged: ${r.detail}` }),
  );
}
