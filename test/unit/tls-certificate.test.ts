import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOrCreateCertificate } from '@/server/tls/certificate';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'episode-certs-'));
  dirs.push(dir);
  return path.join(dir, 'certs');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the https mode’s self-signed certificate', () => {
  it('is made locally on first run for localhost, this machine and its LAN addresses, and its key is private', async () => {
    const dir = tempDir();
    const made = await loadOrCreateCertificate(dir, ['192.168.1.20']);
    expect(made.created).toBe(true);
    const x509 = new X509Certificate(made.cert);
    expect(x509.checkHost('localhost')).toBe('localhost');
    expect(x509.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(x509.checkIP('192.168.1.20')).toBe('192.168.1.20');
    expect(x509.checkIP('10.0.0.9')).toBeUndefined();
    expect(made.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(statSync(path.join(dir, 'key.pem')).mode & 0o077).toBe(0);
  });

  it('is reused on the next run, and made again when the machine has a new address', async () => {
    const dir = tempDir();
    const first = await loadOrCreateCertificate(dir, ['192.168.1.20']);
    const again = await loadOrCreateCertificate(dir, ['192.168.1.20']);
    expect(again.created).toBe(false);
    expect(again.fingerprint256).toBe(first.fingerprint256);
    const moved = await loadOrCreateCertificate(dir, ['10.1.2.3']);
    expect(moved.created).toBe(true);
    expect(moved.fingerprint256).not.toBe(first.fingerprint256);
    expect(readFileSync(path.join(dir, 'cert.pem'), 'utf8')).toBe(moved.cert);
  });

  it('is made again once it has expired', async () => {
    const dir = tempDir();
    const old = await loadOrCreateCertificate(dir, [], new Date('2020-01-01T00:00:00Z'));
    const now = await loadOrCreateCertificate(dir, []);
    expect(now.created).toBe(true);
    expect(now.fingerprint256).not.toBe(old.fingerprint256);
  });
});
