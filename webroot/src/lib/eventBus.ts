/** A refusal or failure from the bridge: `message` is the reason (or a problem as JSON). */
export interface BusError {
  failureCode?: number;
  failureType?: string;
  message?: string;
}

export interface BusMessage {
  address: string;
  body: unknown;
}

export type BusHandler = (err: BusError | null, msg: BusMessage) => void;

/** A frame from the bridge; `type` is `rec` (a message or a reply) or `err`. */
interface Frame extends BusMessage {
  type?: string;
  failureCode?: number;
  failureType?: string;
  message?: string;
}

/**
 * The Vert.x event-bus bridge protocol (register, unregister, send with a reply address, ping) over
 * a plain WebSocket on the bridge's raw endpoint, `<url>/websocket`. Unlike SockJS's transports,
 * that endpoint writes each room message as one WebSocket frame shared by every socket of a node,
 * without wrapping it per socket. No reconnect of its own: `Bridge` opens a new one after a drop.
 */
export class EventBus {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 3;

  state = EventBus.CONNECTING;
  onopen: (() => void) | null = null;
  onclose: (() => void) | null = null;
  private readonly socket: WebSocket;
  private readonly handlers = new Map<string, BusHandler[]>();
  private readonly replies = new Map<string, BusHandler>();
  private readonly decoder = new TextDecoder();
  private ping: ReturnType<typeof setInterval> | undefined;

  constructor(url: string, pingMs = 10_000) {
    this.socket = new WebSocket(webSocketUrl(url));
    this.socket.binaryType = 'arraybuffer'; // room messages come as binary frames of UTF-8 JSON
    this.socket.onopen = () => {
      this.state = EventBus.OPEN;
      this.ping = setInterval(() => this.write({ type: 'ping' }), pingMs);
      this.onopen?.();
    };
    this.socket.onclose = () => {
      this.state = EventBus.CLOSED;
      clearInterval(this.ping);
      this.handlers.clear();
      this.replies.clear();
      this.onclose?.();
    };
    this.socket.onmessage = (event: MessageEvent<string | ArrayBuffer>) =>
      this.receive(typeof event.data === 'string' ? event.data : this.decoder.decode(event.data));
  }

  registerHandler(address: string, headers: Record<string, string>, handler: BusHandler) {
    const handlers = this.handlers.get(address);
    if (handlers) {
      handlers.push(handler);
      return;
    }
    this.handlers.set(address, [handler]);
    this.write({ type: 'register', address, headers });
  }

  unregisterHandler(address: string, headers: Record<string, string>, handler: BusHandler) {
    const handlers = this.handlers.get(address);
    const at = handlers?.indexOf(handler) ?? -1;
    if (!handlers || at < 0) return;
    handlers.splice(at, 1);
    if (handlers.length === 0) {
      this.handlers.delete(address);
      this.write({ type: 'unregister', address, headers });
    }
  }

  send(address: string, body: unknown, headers: Record<string, string>, reply: BusHandler) {
    const replyAddress = crypto.randomUUID();
    this.write({ type: 'send', address, headers, body, replyAddress });
    this.replies.set(replyAddress, reply);
  }

  close() {
    this.socket.close();
  }

  private write(frame: Record<string, unknown>) {
    if (this.state !== EventBus.OPEN) throw new Error('The bridge socket is not open.');
    this.socket.send(JSON.stringify(frame));
  }

  private receive(data: string) {
    let frame: Frame;
    try {
      frame = JSON.parse(data) as Frame;
    } catch {
      return; // not a bridge frame
    }
    const error: BusError | null =
      frame.type === 'err' ? { failureCode: frame.failureCode, failureType: frame.failureType, message: frame.message } : null;
    const handlers = this.handlers.get(frame.address);
    if (handlers) {
      [...handlers].forEach((handler) => handler(error, frame));
      return;
    }
    const reply = this.replies.get(frame.address);
    if (reply) {
      this.replies.delete(frame.address);
      reply(error, frame);
    }
  }
}

/** `/eventbus` on this page's origin becomes `ws(s)://host/eventbus/websocket`. */
function webSocketUrl(url: string): string {
  const absolute = new URL(url, window.location.href);
  absolute.protocol = absolute.protocol === 'https:' ? 'wss:' : 'ws:';
  absolute.pathname = `${absolute.pathname.replace(/\/$/, '')}/websocket`;
  return absolute.toString();
}
