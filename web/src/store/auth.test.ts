import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError } from '@/lib/api';
import { useAuth } from './auth';

describe('auth store', () => {
  beforeEach(() => {
    useAuth.getState().clear();
    vi.restoreAllMocks();
  });

  it('keeps the user and tokens after login, and persists them for reloads', async () => {
    vi.spyOn(api, 'post').mockResolvedValueOnce({ data: { accessToken: 'a', refreshToken: 'r', expiresIn: 900, user: { id: 'u1', username: 'ann', role: 'SUBSCRIBER' } } });
    expect(await useAuth.getState().login('ann', 'correct horse battery')).toBe('ok');
    expect(useAuth.getState().user?.username).toBe('ann');
    expect(useAuth.getState().tokens).toEqual({ accessToken: 'a', refreshToken: 'r' });
    expect(JSON.parse(localStorage.getItem('creatorhub.session')!).state.tokens.accessToken).toBe('a');
  });

  it('asks for the second factor when the account has one', async () => {
    vi.spyOn(api, 'post').mockRejectedValueOnce(new ApiError('Enter the code', 401, { totpRequired: true }));
    expect(await useAuth.getState().login('ann', 'pw')).toBe('totp');
    expect(useAuth.getState().tokens).toBeNull();
  });

  it('passes a wrong password through as an error', async () => {
    vi.spyOn(api, 'post').mockRejectedValueOnce(new ApiError('Wrong username or password.', 401, {}));
    await expect(useAuth.getState().login('ann', 'nope')).rejects.toThrow('Wrong username or password.');
  });

  it('logout revokes the refresh token and clears the session even if the server is away', async () => {
    useAuth.setState({ user: { id: 'u1', username: 'ann', role: 'SUBSCRIBER' }, tokens: { accessToken: 'a', refreshToken: 'r' } });
    const post = vi.spyOn(api, 'post').mockRejectedValueOnce(new Error('offline'));
    await useAuth.getState().logout();
    expect(post).toHaveBeenCalledWith('/auth/logout', { refreshToken: 'r' });
    expect(useAuth.getState().user).toBeNull();
    expect(useAuth.getState().tokens).toBeNull();
  });
});
