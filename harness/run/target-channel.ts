// The opened run's TargetInfo, from the process that opens the run to vitest's worker threads.
// globalSetup does not wait for the gateway: the workers start, load the suites and wait in their
// setup file (suites/support/target-setup.ts) while it comes up, which was most of a short run's
// start-up when done one after the other. The suites run in worker threads of this one process
// (vitest.config.ts: pool `threads`), so a BroadcastChannel reaches them.
import { BroadcastChannel } from 'node:worker_threads';
import type { TargetInfo } from '../contract/target.ts';

type Message = { ask: true } | { info: TargetInfo } | { error: string };

const dataOf = (e: unknown): Message => (e as { data: Message }).data;

/** Answers the workers with the run's TargetInfo, or why there is none, once it is known. */
export function publishTarget(name: string, info: Promise<TargetInfo>): { close(): void } {
  const channel = new BroadcastChannel(name);
  channel.unref();
  let answer: Message | undefined;
  let closed = false;
  void info
    .then(
      (i) => (answer = { info: i }),
      (e: unknown) => (answer = { error: e instanceof Error ? e.message : String(e) }),
    )
    // A run that ended before its gateway came up (vitest closed early) has no one left to tell:
    // posting on a closed channel would throw, unhandled.
    .then((a) => closed || channel.postMessage(a));
  // A worker that started after the answer went out asks for it.
  channel.onmessage = (e) => {
    if ('ask' in dataOf(e) && answer) channel.postMessage(answer);
  };
  return {
    close: () => {
      closed = true;
      channel.close();
    },
  };
}

/** In a worker: the run's TargetInfo, once the gateway is up; rejects with why it did not come up. */
export function receiveTarget(name: string): Promise<TargetInfo> {
  return new Promise((resolve, reject) => {
    const channel = new BroadcastChannel(name);
    channel.onmessage = (e) => {
      const m = dataOf(e);
      if ('info' in m) resolve(m.info);
      else if ('error' in m) reject(new Error(`the target did not come up: ${m.error}`));
      else return;
      channel.close();
    };
    channel.postMessage({ ask: true } satisfies Message);
  });
}
