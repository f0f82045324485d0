// The run's one teardown scope: what undoes each step, run newest first, all of them even if one
// fails, once; the same record serves the async teardown and the signal-time sync one.
import { describe, expect, it } from 'vitest';
import { Scope } from '../harness/util/scope.ts';

describe('a teardown scope', () => {
  it('closes newest first, survives a failing undo and reports it, and runs each once', async () => {
    const ran: string[] = [];
    const scope = new Scope();
    scope.defer('cluster', () => void ran.push('cluster'));
    scope.defer('flaky', () => {
      throw new Error('boom');
    });
    const forget = scope.defer('handed on', () => void ran.push('forgotten'));
    scope.defer('keys', async () => void ran.push('keys'));
    forget();
    expect(await scope.close()).toEqual(['flaky: boom']);
    expect(await scope.close()).toEqual([]);
    expect(ran).toEqual(['keys', 'cluster']);
  });

  it('closes synchronously from the same record, for a signal handler', () => {
    const ran: string[] = [];
    const scope = new Scope();
    scope.defer('nginx', async () => void ran.push('async nginx'), () => void ran.push('kill nginx'));
    scope.defer('server', async () => void ran.push('async server'));
    scope.defer('dir', async () => void ran.push('async dir'), () => {
      ran.push('rm dir');
      throw new Error('busy');
    });
    scope.closeSync();
    scope.closeSync();
    expect(ran).toEqual(['rm dir', 'kill nginx']);
  });
});
