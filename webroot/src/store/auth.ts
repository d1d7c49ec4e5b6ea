import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import { api, connectSession, type Tokens } from '@/lib/api';
import type { Role, User } from '@/lib/types';
import { accountsApi } from '@/features/accounts/api';

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

/**
 * The session. Only who is signed in survives a reload (localStorage); the access token lives in
 * memory and is fetched again through the HttpOnly session cookie when needed.
 */
export const useAuth = create<AuthState>()(
  persist(
    (set, get) => ({
      user: null,
      tokens: null,
      async login(login, password, totp) {
        try {
          const signedIn = await accountsApi.login(totp ? { login, password, totp } : { login, password });
          set({ user: signedIn.user ?? null, tokens: { accessToken: signedIn.accessToken } });
          return 'ok';
        } catch (err) {
          const e = err as { status?: number; problem?: Record<string, unknown> };
          if (e.status === 401 && e.problem?.totpRequired && !totp) return 'totp';
          throw err;
        }
      },
      async register(input) {
        await accountsApi.register(input);
        await get().login(input.username, input.password);
      },
      async logout() {
        // The cookie names the session; the access token (when there is one) names it too.
        await accountsApi.logout().catch(() => undefined);
        get().clear();
      },
      async reloadMe() {
        set({ user: await accountsApi.me() });
      },
      setUser: (user) => set({ user }),
      setTokens: (tokens) => set({ tokens }),
      clear: () => set({ user: null, tokens: null }),
    }),
    { name: 'creatorhub.session', partialize: (s) => ({ user: s.user }) },
  ),
);

connectSession({
  tokens: () => useAuth.getState().tokens,
  signedIn: () => useAuth.getState().user !== null,
  refreshed: (tokens) => useAuth.getState().setTokens({ accessToken: tokens.accessToken }),
  expired: () => useAuth.getState().clear(),
});

/** After a reload: the user is remembered, the access token is not; the cookie gets a fresh one (or ends the session). */
export function resumeSession(): Promise<void> {
  if (!useAuth.getState().user || useAuth.getState().tokens) return Promise.resolve();
  return api.refreshSession().then(
    () => undefined,
    () => undefined,
  );
}
