// The run's TargetInfo reaches vitest's workers over a BroadcastChannel while the gateway comes up:
// a worker that asked before it was up hears it when it is, one that asks after hears it at once,
// and one waiting on a gateway that failed hears why instead of waiting forever.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { TargetInfo } from '../harness/contract/target.ts';
import { publishTarget, receiveTarget } from '../harness/run/target-channel.ts';

const INFO = { target: 'local', baseUrl: 'https://localhost:1' } as unknown as TargetInfo;

function later<T>(): { promise: Promise<T>; resolve(v: T): void; reject(e: unknown): void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

describe('target channel', () => {
  it('answers a worker that asked before the gateway was up, once it is', async () => {
    const name = randomUUID();
    const up = later<TargetInfo>();
    const pub = publishTarget(name, up.promise);
    const heard = receiveTarget(name);
    let settled = false;
    void heard.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(settled).toBe(false);
    up.resolve(INFO);
    await expect(heard).resolves.toEqual(INFO);
    pub.close();
  });

  it('answers a worker that asks after the gateway came up', async () => {
    const name = randomUUID();
    const pub = publishTarget(name, Promise.resolve(INFO));
    await new Promise((r) => setTimeout(r, 20));
    await expect(receiveTarget(name)).resolves.toEqual(INFO);
    await expect(receiveTarget(name)).resolves.toEqual(INFO);
    pub.close();
  });

  it('is closed quietly when the run ends before its gateway came up', async () => {
    const up = later<TargetInfo>();
    publishTarget(randomUUID(), up.promise).close();
    up.resolve(INFO);
    // An answer posted on the closed channel would be an unhandled rejection, which fails this file
    // (it would surface before the next turn of the event loop).
    await new Promise((r) => setImmediate(r));
  });

  it('tells a waiting worker why there is no target', async () => {
    const name = randomUUID();
    const up = later<TargetInfo>();
    const pub = publishTarget(name, up.promise);
    const heard = receiveTarget(name);
    up.reject(new Error('nginx exited: bind() failed'));
    await expect(heard).rejects.toThrow('the target did not come up: nginx exited: bind() failed');
    pub.close();
  });
});
