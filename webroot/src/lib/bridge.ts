import { type BusHandler, EventBus } from '@/lib/eventBus';
import { ApiError } from '@/lib/api';

export type BridgeStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

/**
 * Why the server ended a subscription: `banned` (a moderator), `access_ended` (the ticket or
 * subscription that opened it ended), `session_ended` (signed out elsewhere, suspended),
 * `access_denied` (never allowed).
 */
export type RemovalReason = 'banned' | 'access_ended' | 'session_ended' | 'access_denied' | string;

export interface Subscription {
  address: string;
  /** The last room seq seen, sent on (re-)registration so the server replays what was missed. */
  lastSeq: number;
  onMessage(body: Record<string, unknown>): void;
  onRemoved(reason: RemovalReason): void;
}

/** Reasons after which registering again (later, or with a fresh token) is the right move. */
const TRANSIENT = new Set(['retry', 'token_expired', 'max_registrations']);

/**
 * The Vert.x event-bus bridge over its raw WebSocket endpoint (see `EventBus`), with the bearer token on every frame and our own
 * reconnect: after a drop it opens a new socket (to whichever node answers) and registers again
 * with the last seq, so room messages resume without a gap or a duplicate. The server ends a
 * registration when the token it was opened with expires, so the bridge sends each new token it
 * sees (`bridge.auth`); an answer of `retry` (a service did not answer) registers again shortly.
 */
export class Bridge {
  private bus: EventBus | null = null;
  private subs = new Map<string, Subscription>();
  private handlers = new Map<string, BusHandler>();
  private closed = false;
  private attempts = 0;
  private ready: Promise<void> = Promise.resolve();
  private markReady: () => void = () => {};
  private lastToken: string | null = null;
  private tokenTimer: ReturnType<typeof setInterval>;

  constructor(
    private readonly token: () => string | null,
    private readonly onStatus: (status: BridgeStatus) => void = () => {},
    private readonly url = '/eventbus',
    tokenCheckMs = 15_000,
  ) {
    this.open('connecting');
    this.tokenTimer = setInterval(() => this.sendToken(), tokenCheckMs);
  }

  private open(status: BridgeStatus) {
    this.onStatus(status);
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    const bus = new EventBus(this.url, 10_000);
    this.bus = bus;
    bus.onopen = () => {
      this.attempts = 0;
      this.lastToken = this.token();
      this.onStatus('open');
      this.markReady();
      this.subs.forEach((s) => this.register(s));
    };
    bus.onclose = () => {
      if (this.bus !== bus || this.closed) return;
      this.bus = null;
      this.handlers.clear();
      const delay = Math.min(5000, 300 * 2 ** this.attempts++);
      setTimeout(() => !this.closed && this.open('reconnecting'), delay);
      this.onStatus('reconnecting');
    };
  }

  private headers(extra: Record<string, string> = {}) {
    const token = this.token();
    return token ? { Authorization: `Bearer ${token}`, ...extra } : extra;
  }

  private isOpen() {
    return !!this.bus && this.bus.state === EventBus.OPEN;
  }

  /** Tells the server about a token it has not seen yet, so registrations outlive the old one. */
  private sendToken() {
    const token = this.token();
    if (!token || token === this.lastToken || !this.isOpen()) return;
    this.lastToken = token;
    this.bus!.send('bridge.auth', {}, this.headers(), () => {});
  }

  private register(sub: Subscription) {
    const bus = this.bus;
    if (!bus) return;
    const headers = this.headers(sub.lastSeq >= 0 ? { lastSeq: String(sub.lastSeq) } : {});
    const handler: BusHandler = (err, msg) => {
      if (err) {
        if (this.handlers.get(sub.address) === handler) this.handlers.delete(sub.address);
        try {
          bus.unregisterHandler(sub.address, this.headers(), handler);
        } catch {
          /* closed */
        }
        const reason = err.message ?? 'removed';
        if (TRANSIENT.has(reason) && this.subs.get(sub.address) === sub) {
          setTimeout(() => this.subs.get(sub.address) === sub && this.bus === bus && this.isOpen() && this.register(sub), 1000);
          return;
        }
        this.subs.delete(sub.address);
        sub.onRemoved(reason);
        return;
      }
      const body = msg.body as Record<string, unknown>;
      const seq = typeof body?.seq === 'number' ? body.seq : null;
      if (seq !== null) {
        if (seq <= sub.lastSeq) return; // already seen (replayed backlog overlapping live traffic)
        sub.lastSeq = seq;
      }
      sub.onMessage(body);
    };
    this.handlers.set(sub.address, handler);
    bus.registerHandler(sub.address, headers, handler);
  }

  subscribe(sub: Subscription): () => void {
    this.subs.set(sub.address, sub);
    if (this.isOpen()) this.register(sub);
    return () => {
      this.subs.delete(sub.address);
      const handler = this.handlers.get(sub.address);
      this.handlers.delete(sub.address);
      if (handler && this.isOpen()) {
        try {
          this.bus!.unregisterHandler(sub.address, this.headers(), handler);
        } catch {
          /* closed */
        }
      }
    };
  }

  /** A command with a reply; rejects with the server's message when it refuses. */
  async send<T = Record<string, unknown>>(address: string, body: unknown, timeoutMs = 15_000): Promise<T> {
    await this.ready;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new ApiError('No answer from the server. Try again.', 0)), timeoutMs);
      this.bus!.send(address, body, this.headers(), (err, reply) => {
        clearTimeout(timer);
        if (err) reject(new ApiError(bridgeErrorMessage(err.message), err.failureCode ?? 0));
        else resolve(reply.body as T);
      });
    });
  }

  close() {
    this.closed = true;
    clearInterval(this.tokenTimer);
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
