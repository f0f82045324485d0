// The control endpoint: how suites (in vitest worker processes) reach the target's control actions,
// which live in the main process with the gateway. Plain HTTP on 127.0.0.1 with a per-run bearer
// token; the URL and token reach the workers through vitest's provide/inject with the TargetInfo.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TargetControl } from '../contract/target.ts';
import { DemoLease } from './lease.ts';
import { CsrRefused } from '../pki/csr-refused.ts';

export interface ControlServer {
  url: string;
  token: string;
  close(): Promise<void>;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let raw = '';
  for await (const chunk of req) raw += (chunk as Buffer).toString();
  const parsed: unknown = raw ? JSON.parse(raw) : {};
  return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function authorized(req: IncomingMessage, token: string): boolean {
  const given = Buffer.from(req.headers.authorization ?? '');
  const wanted = Buffer.from(`Bearer ${token}`);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/** `lanes`: how many demos run at once (default: as many as ask; the caller's runner bounds them). */
export async function startControlServer(control: TargetControl, lanes?: number): Promise<ControlServer> {
  const token = randomBytes(24).toString('hex');
  const lease = new DemoLease(lanes);
  const server = createServer((req, res) => {
    void (async () => {
      if (!authorized(req, token)) return send(res, 401, { error: 'bad control token' });
      const url = new URL(req.url ?? '/', 'http://control');
      try {
        const actions: Record<string, ((partner: string) => Promise<unknown>) | undefined> = {
          '/revoke': (p) => control.revoke(p),
          '/offboard': (p) => control.offboard(p),
          '/onboard': (p) => control.onboard(p),
          '/seed-revocation': control.seedRevocation ? (p) => control.seedRevocation!(p) : undefined,
        };
        const action = req.method === 'POST' ? actions[url.pathname] : undefined;
        if (action) {
          const { partner } = await readJson(req);
          if (typeof partner !== 'string') return send(res, 400, { error: 'partner (string) is required' });
          return send(res, 200, await action(partner));
        }
        if (req.method === 'POST' && (url.pathname === '/probe' || url.pathname === '/probe/discard')) {
          const { kind, name } = await readJson(req);
          if (url.pathname === '/probe') {
            if (!control.mintProbe || (kind !== 'expired' && kind !== 'not-yet-valid' && kind !== 'wrong-eku')) return send(res, 400, { error: 'this target cannot mint that probe' });
            return send(res, 200, await control.mintProbe(kind));
          }
          if (typeof name !== 'string') return send(res, 400, { error: 'name (string) is required' });
          await control.discardProbe?.(name);
          return send(res, 200, {});
        }
        if (req.method === 'POST' && url.pathname.startsWith('/lease/')) {
          const { id, shared, exclusive, owner, rank } = await readJson(req);
          const names = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
          const claim = { shared: names(shared), exclusive: names(exclusive) };
          if (url.pathname === '/lease/begin') {
            const ask = { ...(typeof owner === 'number' ? { owner } : {}), ...(typeof rank === 'number' ? { rank } : {}) };
            return send(res, 200, { id: await lease.begin(claim, ask) });
          }
          if (typeof id !== 'number') return send(res, 400, { error: 'id (number) is required' });
          if (url.pathname === '/lease/end') lease.end(id);
          else if (url.pathname === '/lease/narrow') lease.narrow(id, claim);
          else return send(res, 404, { error: `no control action ${req.method} ${url.pathname}` });
          return send(res, 200, {});
        }
        if (req.method === 'POST' && url.pathname === '/onboard-csr') {
          const { partner, csr } = await readJson(req);
          if (!control.onboardCsr || typeof partner !== 'string' || typeof csr !== 'string') return send(res, 400, { error: 'this target cannot sign a CSR, or partner and csr (strings) are missing' });
          try {
            return send(res, 200, await control.onboardCsr(partner, csr));
          } catch (err) {
            // The CA's refusal of a request is an answer (422), not the control endpoint failing.
            if (err instanceof CsrRefused) return send(res, 422, { error: `the CA refused the CSR: ${err.message}` });
            throw err;
          }
        }
        if (req.method === 'POST' && url.pathname === '/backend') {
          const { version, state } = await readJson(req);
          if (!control.setBackend || typeof version !== 'string' || (state !== 'up' && state !== 'down' && state !== 'hung')) return send(res, 400, { error: 'this target cannot set that backend state' });
          return send(res, 200, await control.setBackend(version, state));
        }
        if (req.method === 'GET' && url.pathname === '/diagnostics') return send(res, 200, { text: await control.diagnostics() });
        const requestId = url.searchParams.get('requestId') ?? '';
        if (req.method === 'GET' && url.pathname === '/log') return send(res, 200, { lines: await control.gatewayLog(requestId) });
        if (req.method === 'GET' && url.pathname === '/audit') return send(res, 200, { records: await control.auditLog(requestId) });
        return send(res, 404, { error: `no control action ${req.method} ${url.pathname}` });
      } catch (err) {
        return send(res, 500, { error: err instanceof Error ? err.message : String(err) });
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
