// Before any container target starts: is there a Docker engine, and the CLIs it needs? Each
// missing piece is one line with how to get it (exit 3). Docker is checked first and alone: without
// an engine nothing else matters. Bounded to well under 2 s.
import { accessSync, constants, existsSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { EnvironmentError } from '../../util/errors.ts';

const DOCKER_HINT = 'install Docker Engine and start it (https://docs.docker.com/engine/install/), or use --target local, which needs no Docker';

/** GET /_ping on the Docker API (unix socket or tcp from DOCKER_HOST); why not, when it fails. */
export function pingDocker(env: NodeJS.ProcessEnv = process.env, timeoutMs = 1500): Promise<string | undefined> {
  const host = env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
  let target: { socketPath: string } | { host: string; port: number };
  if (host.startsWith('unix://')) {
    const socketPath = host.slice('unix://'.length);
    if (!existsSync(socketPath)) return Promise.resolve(`no Docker engine: ${socketPath} does not exist`);
    target = { socketPath };
  } else if (host.startsWith('tcp://')) {
    const u = new URL(host.replace(/^tcp:/, 'http:'));
    target = { host: u.hostname, port: Number(u.port || 2375) };
  } else {
    return Promise.resolve(`DOCKER_HOST=${host} is not a unix:// or tcp:// address`);
  }
  return new Promise((resolve) => {
    const req = request({ ...target, path: '/_ping', method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200 ? undefined : `the Docker engine answered /_ping with HTTP ${res.statusCode}`);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err) => resolve(`no Docker engine at ${host} (${err.message})`));
    req.end();
  });
}

export function onPath(bin: string, env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.PATH ?? '').split(':').filter(Boolean).some((dir) => {
    try {
      accessSync(join(dir, bin), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

const INSTALL: Record<string, string> = {
  kind: 'install kind v0.31 or newer (https://kind.sigs.k8s.io/docs/user/quick-start/#installation)',
  kubectl: 'install kubectl (https://kubernetes.io/docs/tasks/tools/), e.g. apt-get install -y kubernetes-client',
};

/**
 * Both targets reach what the engine publishes (Kong's ports, kind's port mappings) on 127.0.0.1, so
 * the engine must run on this machine: a tcp:// DOCKER_HOST naming another host is refused, naming
 * its host and port only.
 */
export function remoteEngine(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const host = env.DOCKER_HOST;
  if (!host?.startsWith('tcp://')) return undefined;
  let u: URL;
  try {
    u = new URL(host.replace(/^tcp:/, 'http:'));
  } catch {
    return 'DOCKER_HOST is a tcp:// address that does not parse';
  }
  const name = u.hostname.replace(/^\[|\]$/g, '');
  if (name === 'localhost' || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name)) return undefined;
  return `DOCKER_HOST names an engine on another host (${u.host}), but the run reaches the ports it publishes on 127.0.0.1: run the suite on the engine's host, or unset DOCKER_HOST to use this machine's engine`;
}

export async function preflight(target: 'kind' | 'docker', env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const remote = remoteEngine(env);
  if (remote) throw new EnvironmentError(`--target ${target}: ${remote}`);
  const docker = await pingDocker(env);
  if (docker) throw new EnvironmentError(`--target ${target} needs Docker: ${docker}: ${DOCKER_HINT}`);
  const missing = target === 'kind' ? ['kind', 'kubectl'].filter((b) => !onPath(b, env)) : [];
  if (missing.length > 0) throw new EnvironmentError(missing.map((b) => `--target ${target} needs ${b} on PATH: ${INSTALL[b]}`).join('\n'));
}
