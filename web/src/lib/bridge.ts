import EventBus from '@vertx/eventbus-bridge-client.js';

export type BridgeStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface Subscription {
  address: string;
  /** The last room seq seen, sent on (re-)registration so the server replays what was missed. */
  lastSeq: number;
  onMessage(body: Record<string, unknown>): void;
  onRemoved(reason: string): void;
}

/**
 * The Vert.x event-bus bridge over SockJS, with the bearer token on every frame and our own
 * reconnect: after a drop it opens a new socket (to whichever node answers) and registers again
 * with the last seq, so room messages resume without a gap or a duplicate.
 */
export class Bridge {
  private bus: EventBus | null = null;
  private subs = new Map<string, Subscription>();
  private closed = false;
  private attempts = 0;
  private ready: Promise<void> = Promise.resolve();
  private markReady: () => void = () => {};

  constructor(
    private readonly token: () => string | null,
    private readonly onStatus: (status: BridgeStatus) => void = () => {},
    private readonly url = '/eventbus',
  ) {
    this.open('connecting');
  }

  private open(status: BridgeStatus) {
    this.onStatus(status);
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    const bus = new EventBus(this.url, { vertxbus_ping_interval: 10_000 });
    this.bus = bus;
    bus.onerror = (err) => {
      const body = (err as { body?: string })?.body;
      if (body === 'access_denied') {
        this.subs.forEach((s) => s.onRemoved('denied'));
      }
    };
    bus.onopen = () => {
      this.attempts = 0;
      this.onStatus('open');
      this.markReady();
      this.subs.forEach((s) => this.register(s));
    };
    bus.onclose = () => {
      if (this.bus !== bus || this.closed) return;
      this.bus = null;
      const delay = Math.min(5000, 300 * 2 ** this.attempts++);
      setTimeout(() => !this.closed && this.open('reconnecting'), delay);
      this.onStatus('reconnecting');
    };
  }

  private headers(extra: Record<string, string> = {}) {
    const token = this.token();
    return token ? { Authorization: `Bearer ${token}`, ...extra } : extra;
  }

  private register(sub: Subscription) {
    const headers = this.headers(sub.lastSeq >= 0 ? { lastSeq: String(sub.lastSeq) } : {});
    this.bus?.registerHandler(sub.address, headers, (err, msg) => {
      if (err) {
        this.subs.delete(sub.address);
        sub.onRemoved('removed');
        return;
      }
      const body = msg.body as Record<string, unknown>;
      const seq = typeof body?.seq === 'number' ? body.seq : null;
      if (seq !== null) {
        if (seq <= sub.lastSeq) return; // already seen (replayed backlog overlapping live traffic)
        sub.lastSeq = seq;
      }
      sub.onMessage(body);
    });
  }

  subscribe(sub: Subscription): () => void {
    this.subs.set(sub.address, sub);
    if (this.bus && this.bus.state === EventBus.OPEN) this.register(sub);
    return () => {
      this.subs.delete(sub.address);
      if (this.bus && this.bus.state === EventBus.OPEN) {
        try { this.bus.unregisterHandler(sub.address, this.headers(), () => {}); } catch { /* closed */ }
      }
    };
  }

  /** A command with a reply; rejects with the server's message when it refuses. */
  async send<T = Record<string, unknown>>(address: string, body: unknown, timeoutMs = 15_000): Promise<T> {
    await this.ready;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('No answer from the server. Try again.')), timeoutMs);
      this.bus!.send(address, body, this.headers(), (err, reply) => {
        clearTimeout(timer);
        if (err) reject(new Error(bridgeErrorMessage(err.message)));
        else resolve(reply.body as T);
      });
    });
  }

  close() {
    this.closed = true;
    this.onStatus('closed');
    this.bus?.close();
    this.bus = null;
  }
}

function bridgeErrorMessage(message: string | undefined): string {
  if (!message) return 'The server refused that.';
  if (message === 'access_denied') return 'You are not allowed to do that here.';
  try {
    const problem = JSON.parse(message);
    return problem.detail || problem.title || message;
  } catch {
    return message;
  }
}
