import axios, { AxiosError, type AxiosInstance, type InternalAxiosRequestConfig } from 'axios';

/** An API failure in words a person can read, from the server's application/problem+json. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly problem: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * What script holds of a session: the short-lived access token only, in memory. The refresh token
 * lives in an HttpOnly cookie the server sets (scoped to /api/v1/auth); using it needs the CSRF token
 * of the readable `ch_csrf` cookie, echoed in a header.
 */
export interface Tokens {
  accessToken: string;
}

/** How the client reaches the session without importing the store (which imports the client). */
export interface SessionHooks {
  tokens(): Tokens | null;
  /** Whether a session may exist to refresh (someone signed in on this browser). */
  signedIn(): boolean;
  refreshed(tokens: Tokens): void;
  expired(): void;
}

let session: SessionHooks = { tokens: () => null, signedIn: () => false, refreshed: () => {}, expired: () => {} };

/** Headers that make the server use (and rotate) the session cookie rather than a token in the body. */
export function cookieSessionHeaders(): Record<string, string> {
  const csrf =
    document.cookie
      .split('; ')
      .find((c) => c.startsWith('ch_csrf='))
      ?.slice('ch_csrf='.length) ?? '';
  return { 'X-Refresh-Token': 'cookie', 'X-CSRF-Token': csrf };
}

export function connectSession(hooks: SessionHooks) {
  session = hooks;
}

/** Turns any failure (problem+json, network, timeout) into an ApiError with a readable message. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (axios.isAxiosError(err)) {
    const e = err as AxiosError<Record<string, unknown>>;
    if (!e.response) {
      return new ApiError(
        e.code === 'ECONNABORTED'
          ? 'The server took too long to answer. Try again.'
          : 'Cannot reach the server. Check your connection and try again.',
        0,
      );
    }
    const data = e.response.data && typeof e.response.data === 'object' ? e.response.data : {};
    const detail = typeof data.detail === 'string' ? data.detail : '';
    const title = typeof data.title === 'string' ? data.title : '';
    const status = e.response.status;
    let message = detail || title || fallback(status);
    if (status === 429) {
      const retry = e.response.headers?.['retry-after'];
      if (retry) message = `${message} Try again in ${retry} s.`;
    }
    return new ApiError(message, status, data);
  }
  return new ApiError(err instanceof Error ? err.message : 'Something went wrong.', 0);
}

function fallback(status: number): string {
  if (status === 401) return 'Please sign in again.';
  if (status === 403) return 'You do not have access to this.';
  if (status === 404) return 'Not found.';
  if (status >= 500) return 'The server had a problem. Try again in a moment.';
  return 'The request was not accepted.';
}

type Retriable = InternalAxiosRequestConfig & { _retried?: boolean; _noAuth?: boolean };

export type Api = AxiosInstance & {
  /** Exchanges the refresh token now (shared with any refresh already running). */
  refreshSession(): Promise<Tokens>;
};

/** When an access token (a JWT) expires, in epoch ms; null when it cannot be read. */
export function tokenExpiry(token: string): number | null {
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    return typeof payload.exp === 'number' ? payload.exp * 1000 : null;
  } catch {
    return null;
  }
}

export function createApi(baseURL = '/api/v1'): Api {
  const client = axios.create({ baseURL, timeout: 30_000 });
  let refreshing: Promise<Tokens> | null = null;

  const refresh = (): Promise<Tokens> => {
    refreshing ??= client
      .post<Tokens>('/auth/refresh', {}, { _noAuth: true, headers: cookieSessionHeaders() } as Retriable)
      .then((r) => {
        const fresh = { accessToken: r.data.accessToken };
        session.refreshed(fresh);
        return fresh;
      })
      .finally(() => {
        refreshing = null;
      });
    return refreshing;
  };

  client.interceptors.request.use((config: Retriable) => {
    const tokens = session.tokens();
    if (tokens && !config._noAuth) config.headers.set('Authorization', `Bearer ${tokens.accessToken}`);
    return config;
  });

  client.interceptors.response.use(undefined, async (err: unknown) => {
    if (axios.isAxiosError(err) && err.response?.status === 401 && err.config) {
      const config = err.config as Retriable;
      // One refresh, one retry: a second 401 (or a failed refresh) ends the session.
      if (!config._retried && !config._noAuth && session.signedIn()) {
        config._retried = true;
        try {
          const fresh = await refresh();
          config.headers.set('Authorization', `Bearer ${fresh.accessToken}`);
          return client.request(config);
        } catch {
          session.expired();
          throw new ApiError('Your session has ended. Please sign in again.', 401);
        }
      }
    }
    throw toApiError(err);
  });
  return Object.assign(client, {
    refreshSession() {
      return session.signedIn() ? refresh() : Promise.reject(new ApiError('Please sign in again.', 401));
    },
  });
}

export const api = createApi();

/**
 * Keeps the access token fresh while something that is not a REST call needs it (bridge frames carry
 * it too): refreshes when less than `marginMs` of its life is left. Returns the stop function.
 */
export function keepTokenFresh(marginMs = 120_000, everyMs = 20_000): () => void {
  const check = () => {
    const token = session.tokens()?.accessToken;
    const expiry = token ? tokenExpiry(token) : null;
    if (expiry !== null && expiry - Date.now() < marginMs) api.refreshSession().catch(() => session.expired());
  };
  check();
  const timer = setInterval(check, everyMs);
  return () => clearInterval(timer);
}

/** A fresh idempotency key for one money-moving action (kept across retries of that action). */
export function idempotencyKey(): string {
  return crypto.randomUUID();
}
