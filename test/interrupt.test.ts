// Emergency cleanups for Ctrl-C during provisioning: newest first, all of them, even if one throws.
import { describe, expect, it } from 'vitest';
import { onInterrupt, runEmergencyCleanups } from '../harness/run/interrupt.ts';

describe('emergency cleanups', () => {
  it('run newest first, survive a failing one, and run once', () => {
    const ran: string[] = [];
    onInterrupt(() => ran.push('cluster'));
    onInterrupt(() => {
      throw new Error('boom');
    });
    const forget = onInterrupt(() => ran.push('forgotten'));
    onInterrupt(() => ran.push('keys'));
    forget();
    runEmergencyCleanups();
    runEmergencyCleanups();
    expect(ran).toEqual(['keys', 'cluster']);
  });
});
