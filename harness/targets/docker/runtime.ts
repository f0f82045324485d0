// The one container the docker target runs (Kong), behind a small interface: testcontainers in
// real runs; a recording fake in tests, since no Docker engine exists where those run.
import { readLogSnapshot } from './docker-logs.ts';

export interface ContainerSpec {
  image: string;
  env: Record<string, string>;
  files: { target: string; content: string; mode?: number }[];
  exposedPorts: number[];
  /** The host address every exposed port is published on. */
  publishedOn: '127.0.0.1';
  /** HTTP path + port that answers 200 once the container is ready. */
  readyPath: { path: string; port: number };
  /** Host ports (127.0.0.1) the container must reach, e.g. in-process backends. */
  hostPorts: number[];
}

export interface RunningContainer {
  id: string;
  host: string;
  mappedPort(port: number): number;
  copy(files: { target: string; content: string; mode?: number }[]): Promise<void>;
  exec(command: string[]): Promise<{ exitCode: number; output: string }>;
  logs(tail: number): Promise<string>;
  stop(): Promise<void>;
}

export interface ContainerRuntime {
  /** The name a container uses for the host (testcontainers: host.testcontainers.internal). */
  hostAlias: string;
  start(spec: ContainerSpec): Promise<RunningContainer>;
}

/** testcontainers 11 (Node 20): the real runtime, loaded only when the docker target runs. */
export async function testcontainersRuntime(): Promise<ContainerRuntime> {
  const { GenericContainer, TestContainers, Wait, getContainerRuntimeClient } = await import('testcontainers');
  /** testcontainers publishes on every interface and takes no host address: its bindings get one. */
  class PublishedOn extends GenericContainer {
    publishedOn(address: string): this {
      for (const bindings of Object.values(this.hostConfig.PortBindings ?? {}) as { HostIp?: string }[][]) for (const b of bindings) b.HostIp = address;
      return this;
    }
  }
  return {
    hostAlias: 'host.testcontainers.internal',
    async start(spec) {
      if (spec.hostPorts.length > 0) await TestContainers.exposeHostPorts(...spec.hostPorts);
      const started = await new PublishedOn(spec.image)
        .withEnvironment(spec.env)
        .withCopyContentToContainer(spec.files.map((f) => ({ content: f.content, target: f.target, ...(f.mode ? { mode: f.mode } : {}) })))
        .withExposedPorts(...spec.exposedPorts)
        .publishedOn(spec.publishedOn)
        .withWaitStrategy(Wait.forHttp(spec.readyPath.path, spec.readyPath.port).forStatusCode(200))
        .withStartupTimeout(120_000)
        .start();
      return {
        id: started.getId(),
        host: started.getHost(),
        mappedPort: (p) => started.getMappedPort(p),
        copy: (files) => started.copyContentToContainer(files),
        exec: async (command) => {
          const r = await started.exec(command);
          return { exitCode: r.exitCode, output: r.output };
        },
        // Not started.logs(): it follows the stream, so reading it to the end never ends.
        logs: async (tail) => readLogSnapshot((await getContainerRuntimeClient()).container.getById(started.getId()), tail),
        stop: async () => void (await started.stop()),
      };
    },
  };
}
