import { create } from 'zustand';

export type Toast = { id: number; kind: 'success' | 'error' | 'info'; message: string };

type UiState = {
  sidebarOpen: boolean;
  toasts: Toast[];
  toggleSidebar: () => void;
  closeSidebar: () => void;
  notify: (kind: Toast['kind'], message: string) => void;
  dismiss: (id: number) => void;
};

let nextToastId = 1;

export const useUiStore = create<UiState>()((set) => ({
  sidebarOpen: false,
  toasts: [],
  toggleSidebar: () => set((state) => ({ sidebarOpen: !state.sidebarOpen })),
  closeSidebar: () => set({ sidebarOpen: false }),
  notify: (kind, message) => {
    const id = nextToastId++;
    set((state) => ({ toasts: [...state.toasts, { id, kind, message }] }));
    setTimeout(() => set((state) => ({ toasts: state.toasts.filter((toast) => toast.id !== id) })), 6000);
  },
  dismiss: (id) => set((state) => ({ toasts: state.toasts.filter((toast) => toast.id !== id) })),
}));

/** For mutation callbacks outside components. */
export const notify = (kind: Toast['kind'], message: string) => useUiStore.getState().notify(kind, message);
