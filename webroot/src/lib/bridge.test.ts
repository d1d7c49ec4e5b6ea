import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

type Handler = (err: unknown, msg: { address: string; body: unknown }) => void;

/** Stands in for the bridge's event-bus client: records frames, lets the test open, drop and feed sockets. */
class FakeBus {
  static OPEN = 1;
  static all: FakeBus[] = [];
  state = 0;
  onopen: (() => void) | null = null;
  onclose: (() => void) | null = null;
  onerror: (err: unknown) => void = () => {};
  registered: { address: string; headers: Record<string, string>; handler: Handler }[] = [];
  sent: { address: string; body: unknown; headers: Record<string, string> }[] = [];
  constructor(readonly url: string) {
    FakeBus.all.push(this);
  }
  registerHandler(address: string, headers: Record<string, string>, handler: Handler) {
    this.registered.push({ address, headers, handler });
  }
  unregisterHandler() {}
  send(address: string, body: unknown, headers: Record<string, string>, callback: Handler) {
    this.sent.push({ address, body, headers });
    callback(null, { address: 'reply', body: { ok: true } });
  }
  close() {
    this.state = 3;
  }
  open() {
    this.state = FakeBus.OPEN;
    this.onopen?.();
  }
  drop() {
    this.state = 3;
    this.onclose?.();
  }
  deliver(body: unknown) {
    this.registered.forEach((r) => r.handler(null, { address: r.address, body }));
  }
}

vi.mock('@/lib/eventBus', () => ({ EventBus: FakeBus }));

const { Bridge } = await import('@/lib/bridge');

describe('Bridge', () => {
  beforeEach(() => {
    FakeBus.all = [];
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('sends the bearer token on every frame and registers with the last seq', async () => {
    let token = 't1';
    const bridge = new Bridge(() => token);
    bridge.subscribe({ address: 'live.room.s1', lastSeq: 7, onMessage: () => {}, onRemoved: () => {} });
    FakeBus.all[0].open();
    expect(FakeBus.all[0].registered[0].headers).toEqual({ Authorization: 'Bearer t1', lastSeq: '7' });
    token = 't2';
    await bridge.send('live.chat.send', { streamId: 's1', text: 'hi' });
    expect(FakeBus.all[0].sent[0].headers).toEqual({ Authorization: 'Bearer t2' });
  });

  it('reconnects on a new socket and resumes after the last seq seen, dropping duplicates', () => {
    const seen: number[] = [];
    const statuses: string[] = [];
    const bridge = new Bridge(
      () => 'tok',
      (s) => statuses.push(s),
    );
    bridge.subscribe({ address: 'live.room.s1', lastSeq: 0, onMessage: (m) => seen.push(m.seq as number), onRemoved: () => {} });
    const first = FakeBus.all[0];
    first.open();
    first.deliver({ type: 'MESSAGE', seq: 1 });
    first.deliver({ type: 'MESSAGE', seq: 2 });
    first.drop();
    expect(statuses).toContain('reconnecting');
    vi.advanceTimersByTime(5000);
    const second = FakeBus.all[1];
    expect(second).toBeDefined();
    second.open();
    expect(second.registered[0].headers.lastSeq).toBe('2');
    // The backlog replay may overlap what was already seen.
    second.deliver({ type: 'MESSAGE', seq: 2 });
    second.deliver({ type: 'MESSAGE', seq: 3 });
    second.deliver({ type: 'VIEWERS', seq: 4, count: 3 });
    expect(seen).toEqual([1, 2, 3, 4]);
    bridge.close();
    expect(statuses.at(-1)).toBe('closed');
  });

  it('passes the reason on when the server ends a subscription, and registers again after a retry', () => {
    const removed = vi.fn();
    const bridge = new Bridge(() => 'tok');
    bridge.subscribe({ address: 'live.room.s1', lastSeq: 3, onMessage: () => {}, onRemoved: removed });
    const bus = FakeBus.all[0];
    bus.open();
    bus.registered[0].handler({ message: 'retry' }, { address: 'live.room.s1', body: 'retry' });
    expect(removed).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1500);
    expect(bus.registered).toHaveLength(2);
    expect(bus.registered[1].headers.lastSeq).toBe('3');
    bus.registered[1].handler({ message: 'access_ended' }, { address: 'live.room.s1', body: 'access_ended' });
    expect(removed).toHaveBeenCalledWith('access_ended');
    bridge.close();
  });

  it('sends a new access token to the server when it changes', () => {
    let token = 't1';
    const bridge = new Bridge(
      () => token,
      () => {},
      '/eventbus',
      1000,
    );
    FakeBus.all[0].open();
    vi.advanceTimersByTime(1500);
    expect(FakeBus.all[0].sent).toHaveLength(0);
    token = 't2';
    vi.advanceTimersByTime(1000);
    expect(FakeBus.all[0].sent).toEqual([{ address: 'bridge.auth', body: {}, headers: { Authorization: 'Bearer t2' } }]);
    bridge.close();
  });

  it('tells the room when the server removes the subscription (a ban)', () => {
    const removed = vi.fn();
    const bridge = new Bridge(() => 'tok');
    bridge.subscribe({ address: 'live.room.s1', lastSeq: -1, onMessage: () => {}, onRemoved: removed });
    FakeBus.all[0].open();
    expect(FakeBus.all[0].registered[0].headers).toEqual({ Authorization: 'Bearer tok' });
    FakeBus.all[0].registered[0].handler({ failureCode: undefined }, { address: 'live.room.s1', body: 'banned' });
    expect(removed).toHaveBeenCalledWith('removed');
    bridge.close();
  });
});
