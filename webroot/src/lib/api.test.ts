import { describe, expect, it, beforeEach } from 'vitest';
import type { AxiosAdapter, AxiosResponse, InternalAxiosRequestConfig } from 'axios';
import { AxiosError } from 'axios';
import { ApiError, connectSession, createApi, toApiError, tokenExpiry, type Tokens } from '@/lib/api';

/** A scripted server: each call answers with the next response for its URL. */
function server(routes: Record<string, Array<(config: InternalAxiosRequestConfig) => [number, unknown, Record<string, string>?]>>) {
  const calls: InternalAxiosRequestConfig[] = [];
  const adapter: AxiosAdapter = async (config) => {
    calls.push(config);
    const next = routes[config.url!]?.shift();
    if (!next) throw new Error(`unexpected call ${config.url}`);
    const [status, data, headers = {}] = next(config);
    const response = { status, data, headers, config, statusText: String(status) } as AxiosResponse;
    if (status >= 400) throw new AxiosError('failed', String(status), config, null, response);
    return response;
  };
  return { adapter, calls };
}

describe('api client', () => {
  let tokens: Tokens | null;
  let expired: number;
  beforeEach(() => {
    tokens = { accessToken: 'old-access' };
    expired = 0;
    document.cookie = 'ch_csrf=csrf-1';
    connectSession({
      tokens: () => tokens,
      signedIn: () => true,
      refreshed: (t) => (tokens = t),
      expired: () => {
        expired++;
        tokens = null;
      },
    });
  });

  it('attaches the token, refreshes once on 401 and retries with the new one', async () => {
    const s = server({
      '/users/me': [() => [401, { title: 'Unauthorized', status: 401 }], (c) => [200, { auth: c.headers.Authorization }]],
      '/auth/refresh': [() => [200, { accessToken: 'new-access', refreshToken: 'refresh-2', expiresIn: 900 }]],
    });
    const api = createApi();
    api.defaults.adapter = s.adapter;
    const r = await api.get('/users/me');
    expect(r.data.auth).toBe('Bearer new-access');
    expect(tokens).toEqual({ accessToken: 'new-access' });
    expect(s.calls.map((c) => c.url)).toEqual(['/users/me', '/auth/refresh', '/users/me']);
    expect(s.calls[1].headers.Authorization).toBeUndefined();
    // The refresh token travels in its HttpOnly cookie; script only echoes the CSRF token.
    expect(JSON.parse(s.calls[1].data)).toEqual({});
    expect(s.calls[1].headers['X-CSRF-Token']).toBe('csrf-1');
    expect(s.calls[1].headers['X-Refresh-Token']).toBe('cookie');
  });

  it('shares one refresh between concurrent 401s', async () => {
    const s = server({
      '/a': [() => [401, {}], () => [200, 'a']],
      '/b': [() => [401, {}], () => [200, 'b']],
      '/auth/refresh': [() => [200, { accessToken: 'x', refreshToken: 'y' }]],
    });
    const api = createApi();
    api.defaults.adapter = s.adapter;
    const [a, b] = await Promise.all([api.get('/a'), api.get('/b')]);
    expect([a.data, b.data]).toEqual(['a', 'b']);
    expect(s.calls.filter((c) => c.url === '/auth/refresh')).toHaveLength(1);
  });

  it('ends the session when the refresh is refused, without retrying again', async () => {
    const s = server({
      '/users/me': [() => [401, {}]],
      '/auth/refresh': [() => [401, { title: 'Unauthorized', detail: 'Refresh token reused.' }]],
    });
    const api = createApi();
    api.defaults.adapter = s.adapter;
    await expect(api.get('/users/me')).rejects.toMatchObject({ status: 401, message: 'Your session has ended. Please sign in again.' });
    expect(expired).toBe(1);
    expect(s.calls).toHaveLength(2);
  });

  it('does not refresh twice for one request', async () => {
    const s = server({
      '/users/me': [() => [401, {}], () => [401, { detail: 'Still no.' }]],
      '/auth/refresh': [() => [200, { accessToken: 'x', refreshToken: 'y' }]],
    });
    const api = createApi();
    api.defaults.adapter = s.adapter;
    await expect(api.get('/users/me')).rejects.toMatchObject({ status: 401, message: 'Still no.' });
    expect(s.calls).toHaveLength(3);
  });

  it('turns problem+json into readable errors', async () => {
    const s = server({
      '/tips': [
        () => [
          402,
          { type: 'about:blank', title: 'Payment Required', status: 402, detail: 'The card was declined.', declineCode: 'card_declined' },
        ],
      ],
      '/auth/login': [() => [429, { title: 'Too Many Requests', status: 429 }, { 'retry-after': '30' }]],
      '/posts': [() => [500, 'boom']],
    });
    const api = createApi();
    api.defaults.adapter = s.adapter;
    const declined = await api.post('/tips', {}).catch((e) => e);
    expect(declined).toBeInstanceOf(ApiError);
    expect(declined.message).toBe('The card was declined.');
    expect(declined.problem.declineCode).toBe('card_declined');
    const throttled = await api.post('/auth/login', {}).catch((e) => e);
    expect(throttled.message).toBe('Too Many Requests Try again in 30 s.');
    const broken = await api.get('/posts').catch((e) => e);
    expect(broken.message).toBe('The server had a problem. Try again in a moment.');
  });

  it('names network failures', () => {
    const e = toApiError(new AxiosError('Network Error', 'ERR_NETWORK', {} as InternalAxiosRequestConfig));
    expect(e.message).toMatch(/Cannot reach the server/);
  });

  it('reads a token expiry and refreshes on demand through the same path', async () => {
    const payload = btoa(JSON.stringify({ sub: 'u1', exp: 2_000_000_000 })).replace(/=+$/, '');
    expect(tokenExpiry(`h.${payload}.s`)).toBe(2_000_000_000_000);
    expect(tokenExpiry('not-a-jwt')).toBeNull();
    const s = server({ '/auth/refresh': [() => [200, { accessToken: 'n', refreshToken: 'm' }]] });
    const api = createApi();
    api.defaults.adapter = s.adapter;
    expect(await api.refreshSession()).toEqual({ accessToken: 'n' });
    expect(tokens).toEqual({ accessToken: 'n' });
  });
});
