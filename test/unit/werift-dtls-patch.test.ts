/**
 * The werift patch's DTLS part (patches/werift+0.25.2.patch, "meeting patch"): a handshake survives
 * the retransmissions that a late reply causes. When a DTLS server takes longer than 500 ms to answer
 * the client's first ClientHello (the SFU's event loop busy with a 50-person room's renegotiations was
 * one way), the client sends it again, the server answers both with a HelloVerifyRequest, and werift
 * 0.25.2's client threw on the second one and failed the connection: the meeting's setup failures
 * (docs/sfu-performance.md, "The meeting"). RFC 6347 section 4.2.4 expects a repeated flight to be
 * taken as a retransmission, not as an error.
 *
 * The two ends run over an in-memory datagram link whose deliveries the test orders by hand.
 */
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DtlsClient, DtlsServer, HashAlgorithm, RTCCertificate, SignatureAlgorithm, createSelfSignedCertificate } from 'werift';

type Datagram = Buffer;

/** One end of the link: a werift Transport that keeps what it is given to send. */
class LinkEnd {
  readonly type = 'memory';
  readonly address = { address: '0.0.0.0', family: 'IPv4', port: 0 };
  closed = false;
  onData: (data: Datagram) => void = () => {};
  readonly sent: Datagram[] = [];
  send = async (data: Datagram): Promise<void> => {
    this.sent.push(Buffer.from(data));
  };
  close = async (): Promise<void> => {
    this.closed = true;
  };
}

async function certificate() {
  const signatureHash = { signature: SignatureAlgorithm.ecdsa_3, hash: HashAlgorithm.sha256_4 };
  const { certPem, keyPem } = await createSelfSignedCertificate(signatureHash);
  return { cert: certPem, key: keyPem, signatureHash };
}

/** A client and a server over two LinkEnds; `deliver` hands one end's sent datagrams to the other. */
async function handshakePair() {
  const [clientCert, serverCert] = await Promise.all([certificate(), certificate()]);
  const clientEnd = new LinkEnd();
  const serverEnd = new LinkEnd();
  const client = new DtlsClient({ ...clientCert, transport: clientEnd, extendedMasterSecret: true });
  const server = new DtlsServer({ ...serverCert, transport: serverEnd, extendedMasterSecret: true, certificateRequest: true });
  const events: string[] = [];
  client.onError.subscribe((error: unknown) => events.push(`client error: ${String(error)}`));
  server.onError.subscribe((error: unknown) => events.push(`server error: ${String(error)}`));
  client.onConnect.subscribe(() => events.push('client connected'));
  server.onConnect.subscribe(() => events.push('server connected'));
  /** Hands over what `from` has sent since the last call (each datagram `copies` times), and lets the handlers run. */
  const deliver = async (from: LinkEnd, copies = 1) => {
    const to = from === clientEnd ? serverEnd : clientEnd;
    for (const datagram of from.sent.splice(0)) for (let i = 0; i < copies; i++) to.onData(datagram);
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
  };
  /** Plays the rest of the handshake in order until both ends say connected (or something fails). */
  const finish = async () => {
    for (let round = 0; round < 20 && !events.includes('client connected') && !events.some((e) => e.includes('error')); round++) {
      await deliver(clientEnd);
      await deliver(serverEnd);
    }
  };
  return { client, server, clientEnd, serverEnd, deliver, finish, events };
}

describe('the patched werift DTLS handshake', () => {
  it('connects when the client’s first ClientHello went out twice and the server answered both', async () => {
    const { client, clientEnd, serverEnd, deliver, finish, events, server } = await handshakePair();
    void client.connect().catch((error: unknown) => events.push(`client connect: ${String(error)}`));
    await new Promise((resolve) => setImmediate(resolve));
    expect(clientEnd.sent).toHaveLength(1);
    // The server's reply was late: the client retransmitted its ClientHello (flight 1) ...
    await deliver(clientEnd, 2);
    // ... and the two HelloVerifyRequests reach the client one after the other.
    expect(serverEnd.sent).toHaveLength(2);
    await deliver(serverEnd);
    await finish();
    expect(events).toEqual(expect.arrayContaining(['client connected', 'server connected']));
    expect(events.filter((e) => e.includes('error'))).toEqual([]);
    // Both ends derived the same SRTP keys.
    expect(client.exportKeyingMaterial('EXTRACTOR-dtls_srtp', 60)).toEqual(server.exportKeyingMaterial('EXTRACTOR-dtls_srtp', 60));
    client.close?.();
    server.close?.();
  });

  it('ignores a ClientHello without a cookie that arrives after the server’s ServerHello', async () => {
    const { client, clientEnd, serverEnd, deliver, finish, events } = await handshakePair();
    void client.connect().catch((error: unknown) => events.push(`client connect: ${String(error)}`));
    await new Promise((resolve) => setImmediate(resolve));
    const firstHello = Buffer.from(clientEnd.sent[0]);
    await deliver(clientEnd); // ClientHello
    await deliver(serverEnd); // HelloVerifyRequest
    await deliver(clientEnd); // ClientHello with the cookie: the server sends its ServerHello flight
    // The client's first ClientHello, delayed on the way, arrives now.
    serverEnd.onData(firstHello);
    await finish();
    expect(events).toEqual(expect.arrayContaining(['client connected', 'server connected']));
    expect(events.filter((e) => e.includes('error'))).toEqual([]);
  });
});

describe('the patched werift certificate', () => {
  it('gives the SHA-256 fingerprint of its DER (RFC 8122) on every call, computing it once', async () => {
    const { cert, key, signatureHash } = await certificate();
    const certificate_ = new RTCCertificate(key, cert, signatureHash);
    const first = certificate_.getFingerprints();
    const second = certificate_.getFingerprints();
    expect(first).toEqual([{ algorithm: 'sha-256', value: new X509Certificate(cert).fingerprint256 }]);
    expect(second).toEqual(first);
    // Cached: a caller that changes what it got does not change what the next caller gets.
    first[0].value = 'changed';
    expect(certificate_.getFingerprints()[0].value).toBe(second[0].value);
    expect((certificate_ as unknown as { fingerprints: unknown }).fingerprints).toEqual(second);
  });
});
