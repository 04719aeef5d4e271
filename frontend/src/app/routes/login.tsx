import { Navigate, useNavigate, useSearchParams } from 'react-router';

import { Alert } from '@/components/ui/states';
import { LoginForm } from '@/features/auth/components/login-form';
import { useAuthStore } from '@/stores/auth-store';

function safeNext(next: string | null): string {
  // Only paths of this app: never an absolute URL or a protocol-relative one.
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export default function LoginRoute() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const status = useAuthStore((state) => state.status);
  const notice = useAuthStore((state) => state.notice);
  const next = safeNext(params.get('next'));
  if (status === 'authenticated') return <Navigate to={next} replace />;
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-50 p-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="text-xl font-semibold text-slate-900">Sign in to P2P Procurement</h1>
        <p className="mt-1 mb-5 text-sm text-slate-500">Purchase requests, approvals, orders and invoices.</p>
        {notice && (
          <div className="mb-4">
            <Alert kind="info">{notice}</Alert>
          </div>
        )}
        <LoginForm onSuccess={() => void navigate(next, { replace: true })} />
      </div>
    </main>
  );
}
