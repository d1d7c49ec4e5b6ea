import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError } from '@/lib/api';
import { useAuth } from '@/store/auth';

describe('auth store', () => {
  beforeEach(() => {
    useAuth.getState().clear();
    vi.restoreAllMocks();
  });

  it('keeps the access token in memory only and asks for the refresh token as a cookie', async () => {
    const post = vi
      .spyOn(api, 'post')
      .mockResolvedValueOnce({ data: { accessToken: 'a', expiresIn: 900, user: { id: 'u1', username: 'ann', role: 'SUBSCRIBER' } } });
    expect(await useAuth.getState().login('ann', 'correct horse battery')).toBe('ok');
    expect(post.mock.calls[0][2]).toEqual({ headers: { 'X-Refresh-Token': 'cookie' } });
    expect(useAuth.getState().user?.username).toBe('ann');
    expect(useAuth.getState().tokens).toEqual({ accessToken: 'a' });
    const stored = localStorage.getItem('creatorhub.session')!;
    expect(JSON.parse(stored).state.user.username).toBe('ann');
    expect(stored).not.toContain('accessToken');
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

  it('logout ends the cookie session and clears the session even if the server is away', async () => {
    document.cookie = 'ch_csrf=c5rf';
    useAuth.setState({ user: { id: 'u1', username: 'ann', role: 'SUBSCRIBER' }, tokens: { accessToken: 'a' } });
    const post = vi.spyOn(api, 'post').mockRejectedValueOnce(new Error('offline'));
    await useAuth.getState().logout();
    expect(post).toHaveBeenCalledWith('/auth/logout', {}, { headers: { 'X-Refresh-Token': 'cookie', 'X-CSRF-Token': 'c5rf' } });
    expect(useAuth.getState().user).toBeNull();
    expect(useAuth.getState().tokens).toBeNull();
  });
});
