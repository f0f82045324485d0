// The docker target's orchestration against a recording container runtime: what the Kong container
// is started with, readiness through the real mTLS listener (an https stand-in serving the very
// files the container was given), control actions, and cleanup on success and on failure.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { verifyReasons } from '../harness/oracle/verify-reason.ts';
import { loadIdentity, probe } from '../harness/probe/probe.ts';
import { demuxDockerLogs, readLogSnapshot } from '../harness/targets/docker/docker-logs.ts';
import { provisionDocker } from '../harness/targets/docker/docker-target.ts';
import { docker } from '../harness/targets/docker/entry.ts';
import { declaredFeatures } from '../harness/core/features.ts';
import { Scope } from '../harness/util/scope.ts';
import { EnvironmentError } from '../harness/util/errors.ts';
import { bridgeAddress, type ContainerRuntime, type ContainerSpec, type RunningContainer } from '../harness/targets/docker/runtime.ts';
import { REVOCABLE_POLICY } from './support/external-fixture.ts';
import { startFakeKong, subjectsFromKongConfig, type FakeKong } from './support/fake-kong.ts';
import { pemKey, PRIVATE } from './support/pem-markers.ts';
import { usePrivateTmp } from './support/private-tmp.ts';

const { ours } = usePrivateTmp('dockertest');

/** A runtime whose "container" is an https stand-in for Kong built from the spec's own files. */
function recordingRuntime(failStart?: string, log: () => string = () => `kong log\n${pemKey(PRIVATE, 'MIGH')}\n`): { runtime: ContainerRuntime; specs: ContainerSpec[]; events: string[]; kong: () => FakeKong } {
  const specs: ContainerSpec[] = [];
  const events: string[] = [];
  let kong: FakeKong | undefined;
  let lastCrl = '';
  let kongYml = '';
  const runtime: ContainerRuntime = {
    hostAlias: 'host.docker.internal',
    hostAddress: async () => '127.0.0.1',
    async start(spec) {
      specs.push(spec);
      events.push(`start ${spec.image}`);
      if (failStart) throw new Error(failStart);
      const file = (target: string): string => spec.files.find((f) => f.target.endsWith(target))!.content;
      kongYml = file('/kong.yml');
      kong = await startFakeKong({ 'tls.crt': file('/tls.crt'), 'tls.key': file('/tls.key'), 'ca.crt': file('/ca.crt') }, subjectsFromKongConfig(file('/kong.yml')));
      const running: RunningContainer = {
        id: 'c0ffee',
        host: 'localhost',
        mappedPort: (p) => (p === 8443 ? kong!.proxyPort : p === 8001 ? kong!.adminPort : 0),
        copy: async (files) => {
          events.push(`copy ${files.map((f) => f.target).join(',')}`);
          lastCrl = files.find((f) => f.target.endsWith('crl.pem'))?.content ?? lastCrl;
          kongYml = files.find((f) => f.target.endsWith('kong.yml'))?.content ?? kongYml;
        },
        // Like Kong 3.9.3 DB-less: a reload re-reads the CRL file and the declarative file.
        exec: async (cmd) => {
          events.push(`exec ${cmd.join(' ')}`);
          if (cmd.join(' ') === 'kong reload') kong!.reload(lastCrl, kongYml);
          return { exitCode: 0, output: '' };
        },
        logs: async () => log(),
        stop: async () => {
          events.push('stop');
          await kong!.close();
        },
      };
      return running;
    },
  };
  return { runtime, specs, events, kong: () => kong! };
}

const OPTS = { rejections: 3, convergenceMs: 3000, readyMs: 5000 };

describe('docker target', () => {
  it('starts Kong 3.9 with the mTLS env, our certs, a CRL listing only the pre-revoked probe, and the declarative config', async () => {
    const { runtime, specs, events } = recordingRuntime();
    const scope = new Scope();
    const target = await provisionDocker(REVOCABLE_POLICY, scope, OPTS, runtime);
    try {
      const spec = specs[0]!;
      expect(spec.image).toBe('kong:3.9.3');
      expect(spec.env.KONG_NGINX_PROXY_SSL_VERIFY_CLIENT).toBe('on');
      expect(spec.env.KONG_NGINX_PROXY_SSL_CRL).toBe('/etc/kong-crl/crl.pem');
      expect(spec.files.map((f) => f.target).sort()).toEqual(['/etc/kong-crl/crl.pem', '/etc/kong-tls/ca.crt', '/etc/kong-tls/tls.crt', '/etc/kong-tls/tls.key', '/kong/kong.yml']);
      expect(spec.files.find((f) => f.target.endsWith('crl.pem'))!.content).toMatch(/^-----BEGIN X509 CRL-----/);
      const kong = parse(spec.files.find((f) => f.target.endsWith('kong.yml'))!.content) as { services: { url: string }[] };
      expect(kong.services.map((s) => s.url)).toEqual([expect.stringMatching(/^http:\/\/host\.docker\.internal:\d+$/), expect.stringMatching(/^http:\/\/host\.docker\.internal:\d+$/)]);
      expect(spec.readyPath).toEqual({ path: '/status/ready', port: 8100 });
      expect(target.info.baseUrl).toMatch(/^https:\/\/localhost:\d+$/);
      // What its registry line plans with is what it has.
      expect([...target.info.features].sort()).toEqual(declaredFeatures(docker.can, REVOCABLE_POLICY).sort());
      expect(await target.control.diagnostics()).not.toMatch(/PRIVATE KEY/);
    } finally {
      await scope.close();
    }
    expect(events.at(-1)).toBe('stop');
    expect(ours()).toEqual([]);
  });

  it('revokes by copying a new CRL into the container and running kong reload', async () => {
    const { runtime, events } = recordingRuntime();
    const scope = new Scope();
    const target = await provisionDocker(REVOCABLE_POLICY, scope, OPTS, runtime);
    try {
      const result = await target.control.revoke('revoked');
      expect(result.converged, result.detail).toBe(true);
      expect(events.slice(-2)).toEqual(['copy /etc/kong-crl/crl.pem', 'exec kong reload']);
      const off = await target.control.offboard('partner-b');
      expect(off.converged, off.detail).toBe(true);
    } finally {
      await scope.close();
    }
  });

  it('keeps an offboarding through a later kong reload: the file Kong reloads from holds what was pushed', async () => {
    const { runtime } = recordingRuntime();
    const scope = new Scope();
    const target = await provisionDocker(REVOCABLE_POLICY, scope, OPTS, runtime);
    try {
      expect((await target.control.offboard('partner-b')).converged).toBe(true);
      expect((await target.control.revoke('revoked')).converged).toBe(true);
      const b = target.info.partners.find((p) => p.name === 'partner-b')!;
      const after = await probe({ baseUrl: target.info.baseUrl, path: '/v1/consumer', caPem: target.info.serverCaPem, identity: loadIdentity(b) });
      expect(after.outcome, JSON.stringify(after.outcome)).toMatchObject({ kind: 'response', status: 401 });
    } finally {
      await scope.close();
    }
  });

  it('finds one request\'s lines in Kong\'s log: its JSON access line and its connection\'s verify error', async () => {
    const id = '5d0f6c1e-93a4-4c52-b0a5-0b3f8d2e7a11';
    const kongLog = [
      `{"time":"2026-11-28T12:00:00+00:00","request_id":"${id}","request":"GET /v1/consumer HTTP/1.1","status":400,"ssl_client_verify":"FAILED:certificate has expired","pid":1281,"conn":42}`,
      '2026/11/28 12:00:00 [info] 1281#0: *42 client SSL certificate verify error: (10:certificate has expired) while reading client request headers, client: 172.17.0.1, server: kong, request: "GET /v1/consumer HTTP/1.1", host: "localhost:32768", request_id: "8c2f"',
      '2026/11/28 12:00:00 [info] 1281#0: *43 client SSL certificate verify error: (20:unable to get local issuer certificate) while reading client request headers',
    ].join('\n');
    const { runtime } = recordingRuntime(undefined, () => kongLog);
    const scope = new Scope();
    const target = await provisionDocker(REVOCABLE_POLICY, scope, OPTS, runtime);
    try {
      expect(target.info.features).toContain('gateway-log');
      const lines = await target.control.gatewayLog(id);
      expect(lines).toHaveLength(2);
      expect(verifyReasons(lines)).toEqual([{ code: 10, text: 'certificate has expired' }]);
    } finally {
      await scope.close();
    }
  });

  it('leaves nothing behind when Kong does not start', async () => {
    const { runtime } = recordingRuntime('Kong exited with code 1');
    const scope = new Scope();
    await expect(provisionDocker(REVOCABLE_POLICY, scope, OPTS, runtime)).rejects.toThrow(/Kong exited/);
    // The runner closes the scope after a failed provisioning.
    expect(await scope.close()).toEqual([]);
    expect(ours()).toEqual([]);
  });

  it('names the images it needs and how to provide them when the engine reaches no registry, in one line', async () => {
    const { runtime } = recordingRuntime('(HTTP code 500) server error - Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 127.0.0.53:53: no such host');
    const scope = new Scope();
    const err = await provisionDocker(REVOCABLE_POLICY, scope, OPTS, runtime).catch((e: unknown) => e);
    expect(await scope.close()).toEqual([]);
    expect(err).toBeInstanceOf(EnvironmentError);
    const message = (err as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toMatch(/^--target docker: the Docker engine could not get an image it needs \(server error - Get "https:\/\/registry-1\.docker\.io\/v2\/".*\): it needs kong:3\.9\.3, testcontainers\/ryuk:0\.14\.0; pull them .*docker pull kong:3\.9\.3.*docker load -i.*registry-mirror/);
    expect(ours()).toEqual([]);
  });
});

describe("this machine's address on Docker's bridge", () => {
  it('is the bridge gateway, or the first address of its subnet where the engine leaves the gateway out (Docker 20.10)', () => {
    expect(bridgeAddress([{ Subnet: '192.168.5.0/24', Gateway: '192.168.5.254' }])).toBe('192.168.5.254');
    expect(bridgeAddress([{ Subnet: 'fd00::/64' }, { Subnet: '172.17.0.0/16' }])).toBe('172.17.0.1');
    expect(() => bridgeAddress([])).toThrow(/has no IPv4 address/);
  });
});

describe('docker logs', () => {
  const frame = (stream: number, text: string): Buffer => {
    const body = Buffer.from(text);
    const head = Buffer.alloc(8);
    head[0] = stream;
    head.writeUInt32BE(body.length, 4);
    return Buffer.concat([head, body]);
  };

  it('demultiplexes stdout and stderr frames, and passes plain (TTY) text through', () => {
    expect(demuxDockerLogs(Buffer.concat([frame(1, '{"request_id":"x"}\n'), frame(2, '[info] 1#0: *1 verify error\n')]))).toBe('{"request_id":"x"}\n[info] 1#0: *1 verify error\n');
    expect(demuxDockerLogs(Buffer.from('plain text\n'))).toBe('plain text\n');
  });

  it('reads a snapshot with follow=false, and gives up after a bound instead of hanging', async () => {
    const asked: unknown[] = [];
    const snapshot = await readLogSnapshot({ logs: async (o) => (asked.push(o), frame(1, 'line\n')) }, 50);
    expect(snapshot).toBe('line\n');
    expect(asked).toEqual([{ follow: false, stdout: true, stderr: true, tail: 50 }]);
    await expect(readLogSnapshot({ logs: () => new Promise<Buffer>(() => undefined) }, 50, 200)).rejects.toThrow(/did not arrive within 200 ms/);
  });
});
