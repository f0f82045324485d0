// The docker target's container path on a real Docker Engine, through the same runtime a docker run
// uses (harness/targets/docker/runtime.ts, testcontainers): start and wait, ports published on
// 127.0.0.1 only, files copied in, exec, the bounded log snapshot, the run's backends reached from
// the container the way Kong reaches them (a stopped one refused at once, a hung one hanging), and
// nothing left after stop. Kong's image cannot be pulled here: a Debian image built from packages
// (test/support/container-image.sh, which .ci/run runs) stands in for it. testcontainers' reaper
// image cannot be pulled either, so it is off for these tests.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEchoBackend, type EchoBackend } from '../harness/echo/echo-backend.ts';
import { pingDocker } from '../harness/targets/container/preflight.ts';
import { testcontainersRuntime, type ContainerRuntime, type RunningContainer } from '../harness/targets/docker/runtime.ts';
import { pollUntil } from '../harness/util/poll.ts';
import { bound } from './support/bounds.ts';

const IMAGE = 'mtls-conformance-test/debian-nginx:bookworm';
const engine = await pingDocker();
const imageThere = engine === undefined && spawnSync('docker', ['image', 'inspect', IMAGE], { stdio: 'ignore' }).status === 0;
const skipped = engine !== undefined ? `no Docker engine answered (${engine})` : imageThere ? undefined : `the image ${IMAGE} is not there: build it with test/support/container-image.sh (needs mmdebstrap)`;
if (skipped) console.warn(`test/docker-engine.test.ts: the container tests did not run: ${skipped}`);

const docker = (...args: string[]): string => spawnSync('docker', args, { encoding: 'utf8' }).stdout.trim();

describe.skipIf(skipped !== undefined)('the docker target on a real Docker Engine (a Debian image standing in for Kong)', () => {
  let runtime: ContainerRuntime;
  let container: RunningContainer;
  let backend: EchoBackend;
  const uncaught: unknown[] = [];
  const record = (err: unknown): void => void uncaught.push(err);

  beforeAll(async () => {
    process.env.TESTCONTAINERS_RYUK_DISABLED = 'true';
    process.on('uncaughtException', record);
    runtime = await testcontainersRuntime();
    backend = await startEchoBackend('v2', await runtime.hostAddress());
    container = await runtime.start({
      image: IMAGE,
      env: { MTLS_TEST: 'yes' },
      files: [{ target: '/srv/given.txt', content: 'copied in at start\n' }],
      exposedPorts: [80],
      publishedOn: '127.0.0.1',
      readyPath: { path: '/', port: 80 },
    });
  }, bound(60_000));

  afterAll(async () => {
    await container?.stop();
    await backend?.close();
    process.off('uncaughtException', record);
  });

  it('starts it, waits for it, and publishes its port on 127.0.0.1 only', async () => {
    expect(docker('port', container.id, '80/tcp')).toMatch(/^127\.0\.0\.1:\d+$/);
    const res = await fetch(`http://127.0.0.1:${container.mappedPort(80)}/`);
    expect(res.status).toBe(200);
  });

  it('copies files in, at start and later, and runs commands in it with their exit code', async () => {
    expect((await container.exec(['cat', '/srv/given.txt'])).output).toBe('copied in at start\n');
    await container.copy([{ target: '/srv/later.txt', content: 'copied in later\n', mode: 0o600 }]);
    expect((await container.exec(['cat', '/srv/later.txt'])).output).toBe('copied in later\n');
    expect(await container.exec(['sh', '-c', 'echo "$MTLS_TEST"; exit 3'])).toEqual({ exitCode: 3, output: 'yes\n' });
  });

  it('reads a bounded snapshot of its log, which ends', async () => {
    await fetch(`http://127.0.0.1:${container.mappedPort(80)}/snapshot-marker`);
    // nginx logs a request as it ends it, after the answer left, and the engine's log pipe follows:
    // the line shows a moment later, so each snapshot is read anew until it does.
    const log = await pollUntil(async () => {
      const snapshot = await container.logs(50);
      return snapshot.includes('GET /snapshot-marker HTTP/1.1') ? snapshot : undefined;
    }, 5000, 50);
    expect(log, 'the request never showed in a snapshot').toBeDefined();
    expect(log!.split('\n').length).toBeLessThanOrEqual(51);
  });

  it('reaches the run\'s backend as Kong does; stopped, it is refused at once; hung, it hangs; and nothing is thrown in this process', async () => {
    const url = `http://${runtime.hostAlias}:${backend.port}/v2/consumer`;
    // `code`: print the status. exec joins stdout and stderr as they come: curl's "000" on stdout can land inside its error text.
    const curl = (max: number, code = true): Promise<{ exitCode: number; output: string }> => container.exec(['curl', '-sS', '-o', '/dev/null', ...(code ? ['-w', '%{http_code}'] : []), '--max-time', String(max), url]);
    expect(await curl(5)).toEqual({ exitCode: 0, output: '200' });
    await backend.setState('down');
    // Refused at once: curl's "failed to connect" (7), not its time-out (28) after --max-time.
    const refused = await curl(5, false);
    expect(refused.exitCode, refused.output).toBe(7);
    expect(refused.output).toMatch(/Failed to connect to host\.docker\.internal port \d+/);
    await backend.setState('hung');
    expect((await curl(1)).exitCode).toBe(28); // curl: timed out
    await backend.setState('up');
    expect(await curl(5)).toEqual({ exitCode: 0, output: '200' });
    expect(uncaught).toEqual([]);
  });

  it('leaves nothing after stop', async () => {
    const id = container.id;
    await container.stop();
    expect(docker('ps', '-a', '-q', '--filter', `id=${id}`)).toBe('');
  });
});
