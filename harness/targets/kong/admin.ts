// Pushing a declarative config to a running DB-less Kong: POST /config on its Admin API (201).
import { request } from 'undici';
import type { KongConfig } from './declarative.ts';

export async function pushKongConfig(adminUrl: string, config: KongConfig): Promise<void> {
  const res = await request(`${adminUrl}/config`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(config) });
  const body = await res.body.text();
  if (res.statusCode !== 201) throw new Error(`Kong refused the new config (POST /config: HTTP ${res.statusCode}): ${body.slice(0, 300)}`);
}
