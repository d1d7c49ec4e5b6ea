// The accounts domain's REST calls: the only place their paths are written.
import { api, cookieSessionHeaders } from '@/lib/api';
import type { User } from '@/lib/types';

export interface Registration {
  username: string;
  email: string;
  password: string;
  role: 'CREATOR' | 'SUBSCRIBER';
  displayName?: string;
}

export interface SignedIn {
  accessToken: string;
  refreshToken?: string;
  user?: User;
  [k: string]: unknown;
}

export const accountsApi = {
  /** Sign-in; the refresh token stays in the HttpOnly session cookie. */
  login: (body: { login: string; password: string; totp?: string }) =>
    api.post<SignedIn>('/auth/login', body, { headers: { 'X-Refresh-Token': 'cookie' } }).then((r) => r.data),
  register: (body: Registration) => api.post<User>('/auth/register', body).then((r) => r.data),
  logout: () => api.post('/auth/logout', {}, { headers: cookieSessionHeaders() }).then(() => undefined),
  me: () => api.get<User>('/users/me').then((r) => r.data),
  updateMe: (patch: Record<string, unknown>) => api.patch<User>('/users/me', patch).then((r) => r.data),
  changePassword: (currentPassword: string, newPassword: string) =>
    api.post('/users/me/password', { currentPassword, newPassword }).then(() => undefined),
  startTotp: () => api.post<{ secret: string; otpauthUrl: string }>('/users/me/totp', {}).then((r) => r.data),
  enableTotp: (code: string) => api.post<{ recoveryCodes: string[] }>('/users/me/totp/enable', { code }).then((r) => r.data),
  disableTotp: (password: string, code: string) => api.post('/users/me/totp/disable', { password, code }).then(() => undefined),
  creator: (username: string) => api.get<User>(`/creators/${username}`).then((r) => r.data),
};
