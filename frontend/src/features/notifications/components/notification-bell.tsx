import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';

import { cn } from '@/lib/cn';
import { formatDateTime } from '@/lib/format';

import { useMarkRead, useRecentNotifications, useUnreadCount } from '../api/notifications';

/** The bell in the header: the unread count, and the latest notifications, each leading to its object. */
export function NotificationBell() {
  const [open, setOpen] = useState(false);
  const unread = useUnreadCount();
  const recent = useRecentNotifications(open);
  const markRead = useMarkRead();
  const navigate = useNavigate();
  const panel = useRef<HTMLDivElement>(null);
  const count = unread.data ?? 0;

  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent | KeyboardEvent) => {
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !panel.current?.contains(event.target as Node)) {
        setOpen(false);
      }
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);

  return (
    <div className="relative" ref={panel}>
      <button
        type="button"
        className="relative rounded-md p-2 text-slate-700 hover:bg-slate-100"
        aria-label={count ? `Notifications, ${count} unread` : 'Notifications'}
        aria-expanded={open}
        aria-controls="notifications-panel"
        onClick={() => setOpen((value) => !value)}
      >
        <svg
          aria-hidden="true"
          viewBox="0 0 24 24"
          className="h-5 w-5"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
        >
          <path
            strokeLinecap="round"
            strokeLinejoin="round"
            d="M15 17h5l-1.4-1.4A2 2 0 0 1 18 14.2V11a6 6 0 1 0-12 0v3.2c0 .5-.2 1-.6 1.4L4 17h5m6 0a3 3 0 1 1-6 0m6 0H9"
          />
        </svg>
        {count > 0 && (
          <span
            aria-hidden="true"
            className="absolute -top-0.5 -right-0.5 min-w-5 rounded-full bg-red-600 px-1 text-center text-xs leading-5 font-semibold text-white"
          >
            {count > 99 ? '99+' : count}
          </span>
        )}
      </button>
      {open && (
        <div
          id="notifications-panel"
          className="absolute right-0 z-40 mt-2 w-[min(24rem,calc(100vw-2rem))] rounded-lg border border-slate-200 bg-white shadow-lg"
        >
          <div className="flex items-center justify-between border-b border-slate-200 px-3 py-2">
            <h2 className="text-sm font-semibold text-slate-900">Notifications</h2>
            <button
              type="button"
              className="text-sm text-indigo-700 hover:underline disabled:text-slate-400"
              disabled={count === 0 || markRead.isPending}
              onClick={() => markRead.mutate('all')}
            >
              Mark all read
            </button>
          </div>
          {recent.isPending && <p className="px-3 py-4 text-sm text-slate-500">Loading…</p>}
          {recent.data && recent.data.results.length === 0 && (
            <p className="px-3 py-4 text-sm text-slate-500">
              Nothing yet. You are told here when something waits on you.
            </p>
          )}
          {recent.data && recent.data.results.length > 0 && (
            <ul className="max-h-96 divide-y divide-slate-100 overflow-y-auto">
              {recent.data.results.map((notification) => (
                <li key={notification.id}>
                  <button
                    type="button"
                    className={cn(
                      'block w-full px-3 py-2 text-left text-sm hover:bg-slate-50',
                      notification.read_at ? 'text-slate-600' : 'bg-indigo-50/60 font-medium text-slate-900',
                    )}
                    onClick={() => {
                      if (!notification.read_at) markRead.mutate(notification.id);
                      setOpen(false);
                      void navigate(notification.url);
                    }}
                  >
                    <span className="block">{notification.text}</span>
                    <span className="block text-xs font-normal text-slate-600">
                      {formatDateTime(notification.created_at)}
                      {!notification.read_at && ' · unread'}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
