// Before kind or docker start anything: no Docker engine, no kind, no kubectl each give one line
// that says how to get it, and exit 3, fast.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnvironmentError } from '../harness/util/errors.ts';
import { pingDocker, remoteEngine, preflight } from '../harness/targets/container/preflight.ts';
import { cliStartupMs, runCliWithoutHtml } from './support/cli.ts';

const NO_DOCKER = { DOCKER_HOST: 'unix:///nonexistent/docker.sock' };
let docker: Server;
let dockerHost: string;
const bin = mkdtempSync(join(tmpdir(), 'mtls-conformance-bin-'));

beforeAll(async () => {
  docker = createServer((req, res) => res.writeHead(req.url === '/_ping' ? 200 : 404).end('OK'));
  await new Promise<void>((resolve) => docker.listen(0, '127.0.0.1', resolve));
  dockerHost = `tcp://127.0.0.1:${(docker.address() as AddressInfo).port}`;
  writeFileSync(join(bin, 'kubectl'), '#!/bin/sh\nexit 0\n');
  chmodSync(join(bin, 'kubectl'), 0o755);
});
afterAll(() => {
  docker.close();
  rmSync(bin, { recursive: true, force: true });
});

describe('container preflight', () => {
  it('finds no Docker engine when the socket is missing, and one that answers /_ping', async () => {
    expect(await pingDocker(NO_DOCKER)).toMatch(/no Docker engine: \/nonexistent\/docker\.sock does not exist/);
    expect(await pingDocker({ DOCKER_HOST: dockerHost })).toBeUndefined();
    expect(await pingDocker({ DOCKER_HOST: 'tcp://127.0.0.1:1' })).toMatch(/no Docker engine at tcp:\/\/127\.0\.0\.1:1/);
  });

  it('says Docker first and alone: without an engine nothing else matters', async () => {
    const err = await preflight('kind', { ...NO_DOCKER, PATH: bin }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EnvironmentError);
    expect((err as Error).message.split('\n')).toHaveLength(1);
    expect((err as Error).message).toMatch(/^--target kind needs Docker: .*install Docker Engine and start it/);
  });

  it('refuses an engine on another host (the run reaches its published ports on 127.0.0.1), naming only its host and port', async () => {
    for (const target of ['kind', 'docker'] as const) {
      const err = await preflight(target, { DOCKER_HOST: 'tcp://build-host.example:2376', PATH: bin }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EnvironmentError);
      expect((err as Error).message).toBe(`--target ${target}: DOCKER_HOST names an engine on another host (build-host.example:2376), but the run reaches the ports it publishes on 127.0.0.1: run the suite on the engine's host, or unset DOCKER_HOST to use this machine's engine`);
    }
    expect(remoteEngine({ DOCKER_HOST: 'tcp://user:secret@10.0.0.5:2375' })).not.toMatch(/secret|user/);
    for (const local of ['tcp://127.0.0.1:2375', 'tcp://localhost:2375', 'tcp://[::1]:2375', 'unix:///var/run/docker.sock']) expect(remoteEngine({ DOCKER_HOST: local })).toBeUndefined();
  });

  it('with Docker, names each missing CLI with how to install it', async () => {
    const err = await preflight('kind', { DOCKER_HOST: dockerHost, PATH: bin }).catch((e: unknown) => e);
    expect((err as Error).message).toBe('--target kind needs kind on PATH: install kind v0.31 or newer (https://kind.sigs.k8s.io/docs/user/quick-start/#installation)');
    await expect(preflight('docker', { DOCKER_HOST: dockerHost, PATH: bin })).resolves.toBeUndefined();
  });
});

describe('mtls-conformance run --target kind|docker without Docker', () => {
  it.each(['kind', 'docker'])('--target %s exits 3 at once (about 1 s alone) with one line', async (target) => {
    // The CLI's own start-up, measured alongside on the same (possibly busy) machine.
    const startup = await cliStartupMs();
    const started = Date.now();
    const r = await runCliWithoutHtml(['run', '--target', target, '--report-dir', join(bin, 'reports')], NO_DOCKER);
    const elapsed = Date.now() - started;
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(new RegExp(`^mtls-conformance: --target ${target} needs Docker: .*--target local, which needs no Docker`));
    // "At once": about the CLI's start-up, never a wait on a Docker that is not there.
    expect(elapsed, `start-up ${startup} ms`).toBeLessThan(3 * startup + 2000);
  });

  it.each<[string[], RegExp]>([
    [['run', '--cluster', 'x'], /--cluster is for --target kind/],
    [['run', '--keep'], /--keep is for --target kind$/m],
    [['run', '--target', 'docker', '--keep'], /--keep is for --target kind$/m],
    [['run', '--target', 'docker', '--fault', 'no-crl'], /--fault is for --target local$/m],
  ])('%j is a usage error', async (args, message) => {
    const r = await runCliWithoutHtml(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});
