// Reading a file a user named (a policy, a target file, a certificate, a key): only a regular file,
// and no more than it may hold, so that a FIFO, a device (/dev/zero) or a huge file is a one-line
// refusal, not a run that hangs or fills memory. Opened without blocking: opening a FIFO with no
// writer would wait forever.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

export type Read = { ok: true; text: string; bytes: Buffer } | { ok: false; why: string };

export function readInputFile(file: string, maxBytes: number): Read {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, why: 'does not exist' };
    if (code === 'EACCES') return { ok: false, why: 'cannot be read (permission denied): make it readable for this user' };
    if (code === 'EISDIR') return { ok: false, why: 'is a directory, not a file' };
    return { ok: false, why: `cannot be read (${code})` };
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) return { ok: false, why: 'is a directory, not a file' };
    if (!st.isFile()) return { ok: false, why: 'is not a regular file (a device, a FIFO or a socket)' };
    if (st.size > maxBytes) return { ok: false, why: `is ${Math.ceil(st.size / 1024)} KiB, over the ${maxBytes / 1024} KiB it may have` };
    const buf = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (let n = 1; n > 0 && length <= maxBytes; length += n) n = readSync(fd, buf, length, buf.length - length, null);
    if (length > maxBytes) return { ok: false, why: `is over the ${maxBytes / 1024} KiB it may have` };
    const bytes = buf.subarray(0, length);
    return { ok: true, text: bytes.toString('utf8'), bytes };
  } finally {
    closeSync(fd);
  }
}
