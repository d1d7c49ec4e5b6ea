import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventBus } from '@/lib/eventBus';

/** Stands in for the browser's WebSocket: records what is sent, lets the test open it and push frames. */
class FakeSocket {
  static last: FakeSocket;
  binaryType = 'blob';
  sent: Record<string, unknown>[] = [];
  onopen: (() => void) | null = null;
  onclose: (() => void) | null = null;
  onmessage: ((event: { data: string | ArrayBuffer }) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.last = this;
  }
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.onclose?.();
  }
  push(frame: unknown, binary = false) {
    const text = JSON.stringify(frame);
    this.onmessage?.({ data: binary ? new TextEncoder().encode(text).buffer : text });
  }
}

describe('EventBus', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal('WebSocket', FakeSocket);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  function open() {
    const bus = new EventBus('/eventbus', 10_000);
    FakeSocket.last.onopen?.();
    return { bus, socket: FakeSocket.last };
  }

  it('opens the raw endpoint of the page origin and reads binary frames as text', () => {
    const { bus, socket } = open();
    expect(socket.url).toBe(`ws://${window.location.host}/eventbus/websocket`);
    expect(socket.binaryType).toBe('arraybuffer');
    const got: unknown[] = [];
    bus.registerHandler('live.room.s1', { Authorization: 'Bearer t' }, (err, msg) => got.push(err ?? msg.body));
    expect(socket.sent).toEqual([{ type: 'register', address: 'live.room.s1', headers: { Authorization: 'Bearer t' } }]);
    socket.push({ type: 'rec', address: 'live.room.s1', body: { seq: 1, text: 'hi' } }, true);
    socket.push({ type: 'rec', address: 'live.room.other', body: { seq: 2 } });
    expect(got).toEqual([{ seq: 1, text: 'hi' }]);
  });

  it('registers an address once, and unregisters it with its last handler', () => {
    const { bus, socket } = open();
    const first = () => {};
    const second = () => {};
    bus.registerHandler('a', {}, first);
    bus.registerHandler('a', {}, second);
    bus.unregisterHandler('a', {}, first);
    expect(socket.sent.map((f) => f.type)).toEqual(['register']);
    bus.unregisterHandler('a', { Authorization: 'Bearer t' }, second);
    expect(socket.sent[1]).toEqual({ type: 'unregister', address: 'a', headers: { Authorization: 'Bearer t' } });
  });

  it('answers a send through its reply address, once, and passes refusals as errors', () => {
    const { bus, socket } = open();
    const answers: unknown[] = [];
    bus.send('live.chat.send', { text: 'hi' }, { Authorization: 'Bearer t' }, (err, msg) => answers.push(err ?? msg.body));
    bus.send('live.chat.send', { text: 'no' }, {}, (err, msg) => answers.push(err ?? msg.body));
    const [ok, refused] = socket.sent;
    expect(ok).toMatchObject({ type: 'send', address: 'live.chat.send', body: { text: 'hi' }, headers: { Authorization: 'Bearer t' } });
    socket.push({ type: 'rec', address: ok.replyAddress, body: { seq: 9 } });
    socket.push({ type: 'rec', address: ok.replyAddress, body: { seq: 10 } });
    socket.push({ type: 'err', address: refused.replyAddress, failureCode: 429, failureType: 'RECIPIENT_FAILURE', message: 'slow' });
    expect(answers).toEqual([{ seq: 9 }, { failureCode: 429, failureType: 'RECIPIENT_FAILURE', message: 'slow' }]);
  });

  it('pings while open, and refuses to write once closed', () => {
    const { bus, socket } = open();
    vi.advanceTimersByTime(20_000);
    expect(socket.sent).toEqual([{ type: 'ping' }, { type: 'ping' }]);
    let closed = false;
    bus.onclose = () => (closed = true);
    bus.close();
    expect(closed).toBe(true);
    expect(bus.state).toBe(EventBus.CLOSED);
    vi.advanceTimersByTime(20_000);
    expect(socket.sent).toHaveLength(2);
    expect(() => bus.send('x', {}, {}, () => {})).toThrow();
  });
});
