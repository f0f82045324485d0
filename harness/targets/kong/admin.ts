// Pushing a declarative config to a running DB-less Kong: POST /config on its Admin API (201),
// with Node's own fetch (undici's index would be a second copy beside the run's bundled parts).
import type { KongConfig } from './declarative.ts';

export async function pushKongConfig(adminUrl: string, config: KongConfig): Promise<void> {
  const res = await fetch(`${adminUrl}/config`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(config) });
  const body = await res.text();
  if (res.status !== 201) throw new Error(`Kong refused the new config (POST /config: HTTP ${res.status}): ${body.slice(0, 300)}`);
}
