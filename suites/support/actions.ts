// Control actions as report steps: what was asked of the gateway, and what was observed.
import * as allure from 'allure-js-commons';
import type { ActionResult } from '../../harness/contract/target.ts';
import { forgetAcceptances } from './accept.ts';

export async function act<T extends ActionResult>(title: string, action: () => Promise<T>): Promise<T> {
  // Whatever was let in before this change cannot be the positive control of a refusal after it.
  forgetAcceptances();
  return allure.step(`act: ${title}`, async () => {
    const result = await action();
    const restart = result.restarted === undefined ? '' : result.restarted ? '\ngateway restarted' : '\nno gateway restart';
    await allure.attachment('control action', `${result.converged ? 'converged' : 'NOT converged'} after ${result.waitedMs} ms${restart}\n${result.detail}`, 'text/plain');
    return result;
  });
}
