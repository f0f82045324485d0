// The warm Allure worker: a job it cannot do is an error with Allure's words, and a worker nobody
// needs is stopped (a worker left waiting on stdin would keep the CLI's process alive).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startAllureGenerator } from '../harness/report/allure-generator.ts';

describe('the Allure worker', () => {
  it('rejects a job it cannot do, saying why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'allure-gen-'));
    try {
      writeFileSync(join(dir, 'allurerc.json'), '{ not json');
      const g = startAllureGenerator();
      await expect(g.generate({ cwd: dir, configFile: join(dir, 'allurerc.json'), resultsDir: dir })).rejects.toThrow(/^allure generate failed: .+/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops when told, and a job after that fails at once instead of waiting', async () => {
    const g = startAllureGenerator();
    g.stop();
    const t0 = Date.now();
    await expect(g.generate({ cwd: tmpdir(), configFile: 'none', resultsDir: 'none' })).rejects.toThrow(/allure generate failed \(the generator exited with (null|SIGKILL)\)/);
    expect(Date.now() - t0).toBeLessThan(5_000);
  });
});
