// The one container the docker target runs (Kong), behind a small interface: testcontainers in
// real runs (and in test/docker-engine.test.ts, with an image standing in for Kong); a recording
// fake in the orchestration's tests, which must pass without a Docker engine.
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
  /** The name a container reaches this machine by (mapped to hostAddress in its /etc/hosts). */
  hostAlias: string;
  /**
   * This machine's address on the engine's default bridge (its gateway, e.g. 172.17.0.1): what the
   * run's backends listen on, so that a container reaches them directly, and a stopped one is a
   * refused connection the container sees at once.
   */
  hostAddress(): Promise<string>;
  start(spec: ContainerSpec): Promise<RunningContainer>;
}

type BridgeConfig = { Subnet?: string; Gateway?: string };

/**
 * This machine's address on the engine's default bridge: its IPAM gateway, or (Docker 20.10 leaves
 * it out for the default bridge) the first address of its IPv4 subnet, which the engine gives its
 * bridge interface. A backend that cannot listen there says so when it starts.
 */
export function bridgeAddress(config: readonly BridgeConfig[]): string {
  const gateway = config.find((c) => /^\d+\.\d+\.\d+\.\d+$/.test(c.Gateway ?? ''))?.Gateway;
  const subnet = config.find((c) => /^\d+\.\d+\.\d+\.\d+\/\d+$/.test(c.Subnet ?? ''))?.Subnet;
  const first = subnet?.replace(/^(\d+\.\d+\.\d+\.)\d+\/\d+$/, (_, net: string) => `${net}1`);
  const address = gateway ?? first;
  if (!address) throw new Error("the Docker engine's bridge network has no IPv4 address: the run's backends could not be reached from the Kong container");
  return address;
}

/** The name the Kong container reaches the run's backends by. */
export const HOST_ALIAS = 'host.docker.internal';

/**
 * testcontainers 11 (Node 20): the real runtime, loaded only when the docker target runs. Not its
 * host port forwarding (an SSH container relaying to 127.0.0.1): with a backend stopped, the relay
 * took the connection and could not pass it on, so Kong saw a hung backend, not a refused one, and
 * each refused relay was an uncaught error in this process.
 */
export async function testcontainersRuntime(): Promise<ContainerRuntime> {
  // The ports are published on 127.0.0.1 only, so that is where testcontainers must wait for them;
  // left to itself, in a process that runs in a container (/.dockerenv), it takes the bridge's
  // gateway for the engine's host, where nothing is published (testcontainers 11:
  // container-runtime/utils/resolve-host.js).
  process.env.TESTCONTAINERS_HOST_OVERRIDE = '127.0.0.1';
  const { GenericContainer, Wait, getContainerRuntimeClient } = await import('testcontainers');
  /** testcontainers publishes on every interface and takes no host address: its bindings get one. */
  class PublishedOn extends GenericContainer {
    publishedOn(address: string): this {
      for (const bindings of Object.values(this.hostConfig.PortBindings ?? {}) as { HostIp?: string }[][]) for (const b of bindings) b.HostIp = address;
      return this;
    }
  }
  let address: Promise<string> | undefined;
  const hostAddress = (): Promise<string> =>
    (address ??= (async () => {
      const bridge = (await (await getContainerRuntimeClient()).network.getById('bridge').inspect()) as { IPAM?: { Config?: BridgeConfig[] } };
      return bridgeAddress(bridge.IPAM?.Config ?? []);
    })());
  return {
    hostAlias: HOST_ALIAS,
    hostAddress,
    async start(spec) {
      const started = await new PublishedOn(spec.image)
        .withExtraHosts([{ host: HOST_ALIAS, ipAddress: await hostAddress() }])
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
