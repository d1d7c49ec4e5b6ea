import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import { api, connectSession, type Tokens } from '@/lib/api';
import type { Role, User } from '@/lib/types';

export interface RegisterInput {
  username: string;
  email: string;
  password: string;
  role: Exclude<Role, 'ADMIN'>;
  displayName?: string;
}

interface AuthState {
  user: User | null;
  tokens: Tokens | null;
  /** Signs in; resolves to 'totp' when the account asks for its second factor. */
  login(login: string, password: string, totp?: string): Promise<'ok' | 'totp'>;
  register(input: RegisterInput): Promise<void>;
  logout(): Promise<void>;
  reloadMe(): Promise<void>;
  setUser(user: User): void;
  setTokens(tokens: Tokens): void;
  clear(): void;
}

/** The session: kept in localStorage so it survives reloads; the API client refreshes it. */
export const useAuth = create<AuthState>()(
  persist(
    (set, get) => ({
      user: null,
      tokens: null,
      async login(login, password, totp) {
        try {
          const r = await api.post('/auth/login', totp ? { login, password, totp } : { login, password });
          set({ user: r.data.user, tokens: { accessToken: r.data.accessToken, refreshToken: r.data.refreshToken } });
          return 'ok';
        } catch (err) {
          const e = err as { status?: number; problem?: Record<string, unknown> };
          if (e.status === 401 && e.problem?.totpRequired && !totp) return 'totp';
          throw err;
        }
      },
      async register(input) {
        await api.post('/auth/register', input);
        await get().login(input.username, input.password);
      },
      async logout() {
        const tokens = get().tokens;
        if (tokens) {
          await api.post('/auth/logout', { refreshToken: tokens.refreshToken }).catch(() => undefined);
        }
        get().clear();
      },
      async reloadMe() {
        const r = await api.get<User>('/users/me');
        set({ user: r.data });
      },
      setUser: (user) => set({ user }),
      setTokens: (tokens) => set({ tokens }),
      clear: () => set({ user: null, tokens: null }),
    }),
    { name: 'creatorhub.session', partialize: (s) => ({ user: s.user, tokens: s.tokens }) },
  ),
);

connectSession({
  tokens: () => useAuth.getState().tokens,
  refreshed: (tokens) => useAuth.getState().setTokens({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken }),
  expired: () => useAuth.getState().clear(),
});
