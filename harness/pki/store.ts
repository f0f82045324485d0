// Where a run's key material lives on disk: one 0700 temp dir, keys 0600, removed at teardown.
import { rmSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { ownedTempDir } from '../util/reaper.ts';
import { privateKeyPem } from './x509.ts';
import type { Issued } from './authority.ts';

export interface IdentityFiles {
  certFile: string;
  keyFile: string;
}

export class KeyStore {
  readonly dir: string;

  constructor() {
    // Owned (a later run sweeps it if this one is killed) and reaped (gone within a second of a kill).
    this.dir = ownedTempDir('pki');
  }

  path(name: string): string {
    if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new Error(`unsafe file name in key store: ${name}`);
    return join(this.dir, name);
  }

  /** Public material (certs, CRLs): 0644 inside the 0700 dir. */
  writePublic(name: string, pem: string): string {
    const file = this.path(name);
    writeFileSync(file, pem, { mode: 0o644 });
    return file;
  }

  async writeIdentity(name: string, issued: Issued, chain: readonly string[] = []): Promise<IdentityFiles> {
    const keyFile = this.path(`${name}.key`);
    // mode applies on creation; chmod again in case the file existed from an earlier write.
    writeFileSync(keyFile, await privateKeyPem(issued.keys), { mode: 0o600 });
    chmodSync(keyFile, 0o600);
    const certFile = this.writePublic(`${name}.crt`, [issued.cert.toString('pem'), ...chain].join('\n'));
    return { certFile, keyFile };
  }

  /** An identity someone else issued (cert-manager's Secret): key 0600, cert public. */
  writePem(name: string, certPem: string, keyPem: string): IdentityFiles {
    const keyFile = this.path(`${name}.key`);
    writeFileSync(keyFile, keyPem, { mode: 0o600 });
    chmodSync(keyFile, 0o600);
    return { certFile: this.writePublic(`${name}.crt`, certPem), keyFile };
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
