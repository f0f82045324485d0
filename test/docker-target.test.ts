// The docker target's orchestration against a recording container runtime: what the Kong container
// is started with, readiness through the real mTLS listener (an https stand-in serving the very
// files the container was given), control actions, and cleanup on success and on failure.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { provisionDocker } from '../harness/targets/docker/docker-target.ts';
import type { ContainerRuntime, ContainerSpec, RunningContainer } from '../harness/targets/docker/runtime.ts';
import { REVOCABLE_POLICY } from './support/external-fixture.ts';
import { startFakeKong, subjectsFromKongConfig, type FakeKong } from './support/fake-kong.ts';
import { pemKey, PRIVATE } from './support/pem-markers.ts';
import { usePrivateTmp } from './support/private-tmp.ts';

const { ours } = usePrivateTmp('dockertest');

/** A runtime whose "container" is an https stand-in for Kong built from the spec's own files. */
function recordingRuntime(failStart?: string): { runtime: ContainerRuntime; specs: ContainerSpec[]; events: string[]; kong: () => FakeKong } {
  const specs: ContainerSpec[] = [];
  const events: string[] = [];
  let kong: FakeKong | undefined;
  let lastCrl = '';
  const runtime: ContainerRuntime = {
    hostAlias: 'host.testcontainers.internal',
    async start(spec) {
      specs.push(spec);
      events.push(`start ${spec.image}`);
      if (failStart) throw new Error(failStart);
      const file = (target: string): string => spec.files.find((f) => f.target.endsWith(target))!.content;
      kong = await startFakeKong({ 'tls.crt': file('/tls.crt'), 'tls.key': file('/tls.key'), 'ca.crt': file('/ca.crt') }, subjectsFromKongConfig(file('/kong.yml')));
      const running: RunningContainer = {
        id: 'c0ffee',
        host: 'localhost',
        mappedPort: (p) => (p === 8443 ? kong!.proxyPort : p === 8001 ? kong!.adminPort : 0),
        copy: async (files) => {
          events.push(`copy ${files.map((f) => f.target).join(',')}`);
          lastCrl = files.find((f) => f.target.endsWith('crl.pem'))?.content ?? lastCrl;
        },
        // Like Kong: a reload re-reads the CRL file.
        exec: async (cmd) => {
          events.push(`exec ${cmd.join(' ')}`);
          if (cmd.join(' ') === 'kong reload') kong!.reload(lastCrl);
          return { exitCode: 0, output: '' };
        },
        logs: async () => `kong log\n${pemKey(PRIVATE, 'MIGH')}\n`,
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
  it('starts Kong 3.9 with the mTLS env, our certs, an empty CRL and the declarative config', async () => {
    const { runtime, specs, events } = recordingRuntime();
    const target = await provisionDocker(REVOCABLE_POLICY, OPTS, runtime);
    try {
      const spec = specs[0]!;
      expect(spec.image).toBe('kong:3.9.3');
      expect(spec.env.KONG_NGINX_PROXY_SSL_VERIFY_CLIENT).toBe('on');
      expect(spec.env.KONG_NGINX_PROXY_SSL_CRL).toBe('/etc/kong-crl/crl.pem');
      expect(spec.files.map((f) => f.target).sort()).toEqual(['/etc/kong-crl/crl.pem', '/etc/kong-tls/ca.crt', '/etc/kong-tls/tls.crt', '/etc/kong-tls/tls.key', '/kong/kong.yml']);
      expect(spec.files.find((f) => f.target.endsWith('crl.pem'))!.content).toMatch(/^-----BEGIN X509 CRL-----/);
      const kong = parse(spec.files.find((f) => f.target.endsWith('kong.yml'))!.content) as { services: { url: string }[] };
      expect(kong.services.map((s) => s.url)).toEqual(spec.hostPorts.map((p) => `http://host.testcontainers.internal:${p}`));
      expect(spec.readyPath).toEqual({ path: '/status/ready', port: 8100 });
      expect(target.info.baseUrl).toMatch(/^https:\/\/localhost:\d+$/);
      expect(target.info.features).toEqual(expect.arrayContaining(['revoke', 'offboard', 'onboard', 'rate-limit', 'versioning']));
      expect(await target.control.diagnostics()).not.toMatch(/PRIVATE KEY/);
    } finally {
      await target.teardown();
    }
    expect(events.at(-1)).toBe('stop');
    expect(ours()).toEqual([]);
  });

  it('revokes by copying a new CRL into the container and running kong reload', async () => {
    const { runtime, events } = recordingRuntime();
    const target = await provisionDocker(REVOCABLE_POLICY, OPTS, runtime);
    try {
      const result = await target.control.revoke('revoked');
      expect(result.converged, result.detail).toBe(true);
      expect(events.slice(-2)).toEqual(['copy /etc/kong-crl/crl.pem', 'exec kong reload']);
      const off = await target.control.offboard('partner-b');
      expect(off.converged, off.detail).toBe(true);
    } finally {
      await target.teardown();
    }
  });

  it('leaves nothing behind when Kong does not start', async () => {
    const { runtime } = recordingRuntime('(HTTP code 404) no such image - pull access denied for kong');
    await expect(provisionDocker(REVOCABLE_POLICY, OPTS, runtime)).rejects.toThrow(/no such image/);
    expect(ours()).toEqual([]);
  });
});
