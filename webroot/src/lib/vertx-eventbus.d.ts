declare module '@vertx/eventbus-bridge-client.js' {
  interface BridgeMessage {
    address: string;
    body: unknown;
    headers?: Record<string, string>;
    type?: string;
  }
  interface BridgeError {
    failureCode?: number;
    failureType?: string;
    message?: string;
  }
  type Handler = (error: BridgeError | null, message: BridgeMessage) => void;
  export default class EventBus {
    constructor(url: string, options?: Record<string, unknown>);
    state: number;
    defaultHeaders: Record<string, string> | null;
    onopen: (() => void) | null;
    onclose: ((e: unknown) => void) | null;
    onerror: (err: unknown) => void;
    send(address: string, body: unknown, headers: Record<string, string>, callback: Handler): void;
    registerHandler(address: string, headers: Record<string, string>, callback: Handler): void;
    unregisterHandler(address: string, headers: Record<string, string>, callback: Handler): void;
    close(): void;
    static OPEN: number;
  }
}
