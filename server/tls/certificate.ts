import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { generate } from 'selfsigned';

/**
 * The certificate for `npm start -- --https`: made on this machine the first time (selfsigned, with Node's
 * own WebCrypto; nothing is downloaded), kept in a git-ignored folder and reused while it is valid and
 * names every address it is served on. Browsers will not trust it (nobody signed it), so they warn once;
 * the fingerprint printed at start lets a careful person check that the certificate they accept is this one.
 */

export interface ServerCertificate {
  key: string;
  cert: string;
  /** SHA-256 fingerprint, "AB:CD:…". */
  fingerprint256: string;
  /** Host names and addresses it is valid for. */
  names: string[];
  /** True when this call made it (first run, expired, or a new address). */
  created: boolean;
}

/** Days a generated certificate lasts (the most browsers accept for a server certificate is 398). */
export const CERTIFICATE_DAYS = 365;

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

export async function loadOrCreateCertificate(dir: string, addresses: string[], now = new Date()): Promise<ServerCertificate> {
  const host = hostname().toLowerCase();
  const names = [...new Set(['localhost', host, `${host}.local`, '127.0.0.1', ...addresses])];
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  if (existsSync(keyFile) && existsSync(certFile)) {
    const key = readFileSync(keyFile, 'utf8');
    const cert = readFileSync(certFile, 'utf8');
    const x509 = new X509Certificate(cert);
    const covered = names.every((name) => (IPV4.test(name) ? x509.checkIP(name) : x509.checkHost(name)) !== undefined);
    if (covered && new Date(x509.validTo) > now) return { key, cert, fingerprint256: x509.fingerprint256, names, created: false };
  }
  const notAfterDate = new Date(now.getTime() + CERTIFICATE_DAYS * 86_400_000);
  const pems = await generate([{ name: 'commonName', value: `${host} (How Discord handles a 50-person voice chat, local)` }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: now,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: names.map((name) => (IPV4.test(name) ? { type: 7, ip: name } : { type: 2, value: name })) },
    ],
  });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(keyFile, pems.private, { mode: 0o600 });
  writeFileSync(certFile, pems.cert);
  return { key: pems.private, cert: pems.cert, fingerprint256: new X509Certificate(pems.cert).fingerprint256, names, created: true };
}
