// What allure-js-commons calls (steps, attachments, labels) record, for the CLI's runner: the
// messages go on the running case's meta (per async context: current-test.ts), where the Allure
// reporter (harness/report/allure-reporter.ts) reads them when the case's file ends.
import { isGlobalRuntimeMessage, type RuntimeMessage } from 'allure-js-commons/sdk';
import { BaseMessageTestRuntime, setGlobalTestRuntime } from 'allure-js-commons/sdk/runtime';
import type { AttachmentOptions } from 'allure-js-commons';
import { currentTest } from '../current-test.ts';

type Meta = { allureRuntimeMessages?: RuntimeMessage[] };

class CaseMessageRuntime extends BaseMessageTestRuntime {
  override sendMessageSync(message: RuntimeMessage): void {
    const test = currentTest();
    // Outside a case (a hook of a demo), or for the whole run (allure.globalError): our demos record only in cases.
    if (!test || isGlobalRuntimeMessage(message)) return;
    ((test.meta as Meta).allureRuntimeMessages ??= []).push(message);
  }

  override sendMessage(message: RuntimeMessage): Promise<void> {
    this.sendMessageSync(message);
    return Promise.resolve();
  }

  override async attachment(name: string, content: Buffer | Uint8Array | string, options: AttachmentOptions): Promise<void> {
    const data = typeof content === 'string' ? Buffer.from(content, options.encoding) : Buffer.from(content);
    await this.sendMessage({
      type: 'attachment_content',
      data: { name, content: data.toString('base64'), encoding: 'base64', contentType: options.contentType, fileExtension: options.fileExtension, wrapInStep: true, timestamp: Date.now() },
    });
  }
}

export function recordAllureOnCases(): void {
  setGlobalTestRuntime(new CaseMessageRuntime());
}
