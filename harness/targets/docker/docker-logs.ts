// A container's log as it is now, read once: Docker's logs endpoint with follow=false returns the
// tail and ends (testcontainers 11.9's logs() always follows, so reading it to the end never ends).
// Without a TTY the answer is multiplexed: frames of an 8-byte header (stream type, 3 zero bytes, a
// big-endian length) and that many bytes of stdout or stderr.

export function demuxDockerLogs(raw: Buffer): string {
  let out = '';
  let at = 0;
  while (at + 8 <= raw.length && raw[at]! <= 2 && raw[at + 1] === 0 && raw[at + 2] === 0 && raw[at + 3] === 0) {
    const size = raw.readUInt32BE(at + 4);
    out += raw.subarray(at + 8, at + 8 + size).toString('utf8');
    at += 8 + size;
  }
  // Not multiplexed (a TTY), or nothing left to read as frames: the rest is plain text.
  return out + raw.subarray(at).toString('utf8');
}

interface LogsApi {
  logs(opts: { follow: false; stdout: boolean; stderr: boolean; tail: number }): Promise<Buffer | string>;
}

/** The last `tail` lines of both streams, bounded in time too. */
export async function readLogSnapshot(container: LogsApi, tail: number, boundMs = 10_000): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`container logs did not arrive within ${boundMs} ms`)), boundMs)));
  try {
    const raw = await Promise.race([container.logs({ follow: false, stdout: true, stderr: true, tail }), timeout]);
    return typeof raw === 'string' ? raw : demuxDockerLogs(raw);
  } finally {
    clearTimeout(timer);
  }
}
