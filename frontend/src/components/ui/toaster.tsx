import { cn } from '@/lib/cn';
import { useUiStore } from '@/stores/ui-store';

export function Toaster() {
  const toasts = useUiStore((state) => state.toasts);
  const dismiss = useUiStore((state) => state.dismiss);
  return (
    <div className="pointer-events-none fixed inset-x-0 bottom-4 z-50 flex flex-col items-center gap-2 px-4">
      {toasts.map((toast) => (
        <div
          key={toast.id}
          role={toast.kind === 'error' ? 'alert' : 'status'}
          className={cn(
            'pointer-events-auto flex max-w-md items-start gap-3 rounded-md px-4 py-3 text-sm shadow-lg',
            toast.kind === 'error'
              ? 'bg-red-700 text-white'
              : toast.kind === 'success'
                ? 'bg-emerald-700 text-white'
                : 'bg-slate-800 text-white',
          )}
        >
          <span className="flex-1">{toast.message}</span>
          <button
            type="button"
            className="rounded px-1 text-white/80 hover:text-white"
            onClick={() => dismiss(toast.id)}
            aria-label="Dismiss"
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
