import type { ReactNode } from 'react';
import { NavLink, useNavigate } from 'react-router';

import { Toaster } from '@/components/ui/toaster';
import { can, useLogout } from '@/lib/auth';
import { cn } from '@/lib/cn';
import { humanize } from '@/lib/format';
import { useUiStore } from '@/stores/ui-store';
import type { Capability } from '@/types';
import type { Me } from '@/types';

type NavItem = { to: string; label: string; permission?: Capability; end?: boolean };

const NAV: NavItem[] = [
  { to: '/', label: 'Dashboard', end: true },
  { to: '/purchase-requests', label: 'Purchase requests' },
  { to: '/approvals', label: 'Approvals', permission: 'approval.act' },
  { to: '/delegations', label: 'Away & delegation', permission: 'approval.act' },
  { to: '/procurement-queue', label: 'Procurement queue', permission: 'purchase_order.manage' },
  { to: '/purchase-orders', label: 'Purchase orders' },
  { to: '/invoices', label: 'Invoices' },
  { to: '/ap-inbox', label: 'AP inbox' },
  { to: '/payment-runs', label: 'Payment runs', permission: 'payment.manage' },
  { to: '/bank-statements', label: 'Bank statements', permission: 'payment.manage' },
  { to: '/documents', label: 'Documents' },
  { to: '/vendors', label: 'Vendors' },
  { to: '/reports', label: 'Reports', permission: 'report.view' },
  { to: '/audit-trail', label: 'Audit trail', permission: 'audit.view' },
  { to: '/exchange-rates', label: 'Exchange rates', permission: 'exchange_rate.manage' },
  { to: '/departments', label: 'Departments', permission: 'department.manage' },
  { to: '/users', label: 'Users', permission: 'user.manage' },
];

/** Navigation shows what the role may use; the API still checks every call. */
export function navigationFor(user: Me): NavItem[] {
  return NAV.filter((item) => !item.permission || can(user, item.permission));
}

export function AppLayout({
  user,
  headerActions,
  children,
}: {
  user: Me;
  /** Shown in the header before the user's name (the notification bell). */
  headerActions?: ReactNode;
  children: ReactNode;
}) {
  const sidebarOpen = useUiStore((state) => state.sidebarOpen);
  const toggleSidebar = useUiStore((state) => state.toggleSidebar);
  const closeSidebar = useUiStore((state) => state.closeSidebar);
  const logout = useLogout();
  const navigate = useNavigate();

  return (
    <div className="min-h-screen bg-slate-50">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <header className="sticky top-0 z-30 flex h-14 items-center justify-between gap-3 border-b border-slate-200 bg-white px-4">
        <div className="flex items-center gap-3">
          <button
            type="button"
            className="rounded p-2 text-slate-700 hover:bg-slate-100 lg:hidden"
            aria-label={sidebarOpen ? 'Close navigation' : 'Open navigation'}
            aria-expanded={sidebarOpen}
            aria-controls="sidebar"
            onClick={toggleSidebar}
          >
            <span aria-hidden="true">☰</span>
          </button>
          <span className="font-semibold text-indigo-700">P2P Procurement</span>
        </div>
        <div className="flex items-center gap-3 text-sm">
          {headerActions}
          <span className="hidden text-right sm:block">
            <span className="block font-medium text-slate-800">{user.full_name || user.email}</span>
            <span className="block text-xs text-slate-500">{humanize(user.role ?? 'requester')}</span>
          </span>
          <button
            type="button"
            className="rounded-md border border-slate-300 px-3 py-1.5 text-slate-700 hover:bg-slate-50"
            onClick={() => logout.mutate(undefined, { onSettled: () => void navigate('/login', { replace: true }) })}
            disabled={logout.isPending}
          >
            Sign out
          </button>
        </div>
      </header>
      {/* At least the window's height under the header, else as tall as the page: the sidebar is
          a column of this row, so its background and border run down the whole page. */}
      <div className="flex min-h-[calc(100dvh-3.5rem)]">
        <nav
          id="sidebar"
          aria-label="Main"
          className={cn(
            // Below lg a drawer from under the header to the window's bottom, scrolling if need be;
            // from lg a column stretched to the row's (the page's) height.
            'fixed top-14 bottom-0 left-0 z-20 w-60 overflow-y-auto border-r border-slate-200 bg-white p-3 transition-transform lg:static lg:z-auto lg:shrink-0 lg:translate-x-0 lg:overflow-visible',
            // Closed below lg: off screen and out of the tab order too.
            sidebarOpen ? 'translate-x-0' : '-translate-x-full max-lg:invisible',
          )}
        >
          {/* The links stay in view while a long page scrolls (header 3.5rem + the nav's padding). */}
          <ul className="space-y-1 lg:sticky lg:top-17 lg:max-h-[calc(100dvh-5rem)] lg:overflow-y-auto">
            {navigationFor(user).map((item) => (
              <li key={item.to}>
                <NavLink
                  to={item.to}
                  end={item.end ?? false}
                  onClick={closeSidebar}
                  className={({ isActive }) =>
                    cn(
                      'block rounded-md px-3 py-2 text-sm font-medium',
                      isActive ? 'bg-indigo-50 text-indigo-700' : 'text-slate-700 hover:bg-slate-100',
                    )
                  }
                >
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        {sidebarOpen && (
          <div
            className="fixed inset-0 top-14 z-10 bg-slate-900/30 lg:hidden"
            aria-hidden="true"
            onClick={closeSidebar}
          />
        )}
        <main id="main" className="min-w-0 flex-1 p-4 sm:p-6 lg:p-8">
          {children}
        </main>
      </div>
      <Toaster />
    </div>
  );
}
