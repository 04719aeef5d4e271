import { create } from 'zustand';

/**
 * Whether the browser holds a session, as far as the UI knows. The user itself is server state
 * (the `me` query); this only says which screen to show and why the login reappeared.
 */
export type AuthStatus = 'unknown' | 'authenticated' | 'anonymous';

type AuthState = {
  status: AuthStatus;
  /** Shown on the login screen after a session ended by itself. */
  notice: string | null;
  signedIn: () => void;
  signedOut: (notice?: string | null) => void;
};

export const useAuthStore = create<AuthState>()((set) => ({
  status: 'unknown',
  notice: null,
  signedIn: () => set({ status: 'authenticated', notice: null }),
  signedOut: (notice = null) => set({ status: 'anonymous', notice }),
}));
