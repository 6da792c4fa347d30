import WebSocket from 'ws';
import type { RTCPeerConnection } from 'werift';
import type { ClientMessage, ServerMessage } from '@/lib/protocol/messages';
import { answerOffer, clientConnection, connected } from '../../test/support/weriftClients';

/**
 * A viewer as the room page is one, without a browser: a /ws socket speaking the room protocol and a
 * werift peer connection (full ICE, loopback) that answers every subscribe offer. It records when it
 * asked to join, when the first offer came and when its media connection was up.
 */
export class SoakViewer {
  readonly pc: RTCPeerConnection = clientConnection();
  private readonly socket: WebSocket;
  private answering: Promise<void> = Promise.resolve();
  private readonly waiters: ((message: ServerMessage) => boolean)[] = [];
  joinSentAt = 0;
  firstOfferAt = 0;
  errors: string[] = [];

  constructor(url: string) {
    this.socket = new WebSocket(`${url.replace('http', 'ws')}/ws`);
    this.socket.on('message', (data) => this.receive(JSON.parse(String(data)) as ServerMessage));
    this.socket.on('error', (error) => this.errors.push(String(error)));
  }

  /** The reply to a publish offer: 'answer', or the error code. */
  answerOrError: string | null = null;

  async join(roomId: string, name: string, role: 'viewer' | 'mic' = 'viewer'): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('error', reject);
    });
    this.send({ type: 'hello', protocol: 1, client: 'soak' });
    const joined = this.next((m) => m.type === 'joined' || m.type === 'error');
    this.joinSentAt = performance.now();
    this.send({ type: 'join', roomId, role, name });
    const reply = await joined;
    if (reply.type === 'error') throw new Error(`join refused: ${reply.code} ${reply.message}`);
  }

  /** Resolves once the first offer is answered and the media connection is up. */
  async mediaUp(timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.firstOfferAt === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    if (this.firstOfferAt === 0) throw new Error(`no subscribe offer in ${timeoutMs} ms ${this.errors.join('; ')}`);
    await this.answering;
    await connected(this.pc, Math.max(1, deadline - Date.now()));
  }

  send(message: ClientMessage): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  async leave(): Promise<void> {
    this.send({ type: 'leave' });
    const closed = new Promise<void>((resolve) => {
      if (this.socket.readyState === WebSocket.CLOSED) resolve();
      else this.socket.once('close', () => resolve());
    });
    this.socket.close();
    await closed;
    await this.answering.catch(() => {});
    await this.pc.close();
  }

  private next(matches: (message: ServerMessage) => boolean): Promise<ServerMessage> {
    return new Promise((resolve) => {
      this.waiters.push((message) => {
        if (!matches(message)) return false;
        resolve(message);
        return true;
      });
    });
  }

  private receive(message: ServerMessage): void {
    for (const [i, waiter] of this.waiters.entries()) {
      if (waiter(message)) {
        this.waiters.splice(i, 1);
        break;
      }
    }
    if (message.type === 'error') this.errors.push(`${message.code}: ${message.message}`);
    if (message.type === 'publish-answer') this.answerOrError = 'answer';
    else if (message.type === 'error' && message.inReplyTo === 'publish-offer') this.answerOrError = message.code;
    if (message.type === 'subscribe-offer') {
      if (this.firstOfferAt === 0) this.firstOfferAt = performance.now();
      this.answering = this.answering
        .then(async () => {
          const sdp = await answerOffer(this.pc, message.sdp);
          this.send({ type: 'subscribe-answer', revision: message.revision, sdp });
        })
        .catch((error) => {
          this.errors.push(String(error));
        });
    }
  }
}
