import { Link, useParams } from 'react-router';

import { Card, PageHeader } from '@/components/ui/page-header';
import { PageSkeleton } from '@/components/ui/skeleton';
import { ErrorState } from '@/components/ui/states';
import { VendorBankAccounts } from '@/features/payments/components/bank-accounts';
import { useVendor } from '@/features/vendors/api/get-vendors';
import { can } from '@/lib/auth';

import { useCurrentUser } from './use-current-user';

export default function VendorDetailRoute() {
  const id = Number(useParams().id);
  const user = useCurrentUser();
  const vendor = useVendor(id);
  if (vendor.isPending) return <PageSkeleton label="Loading the vendor" />;
  if (vendor.isError) return <ErrorState error={vendor.error} onRetry={() => void vendor.refetch()} />;
  const data = vendor.data;
  return (
    <div className="space-y-6">
      <PageHeader
        title={data.name}
        description={
          <>
            <Link className="text-indigo-700 underline underline-offset-2" to="/vendors">
              Vendors
            </Link>{' '}
            · {data.is_active ? 'Active' : 'Inactive'} · {data.currency}
            {data.payment_terms && ` · ${data.payment_terms}`}
          </>
        }
      />
      <Card title="Contact">
        <dl className="grid gap-2 text-sm sm:grid-cols-2">
          <div>
            <dt className="text-slate-500">E-mail</dt>
            <dd>{data.email || '—'}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Phone</dt>
            <dd>{data.phone || '—'}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Address</dt>
            <dd className="whitespace-pre-line">{data.address || '—'}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Tax ID</dt>
            <dd>{data.tax_id || '—'}</dd>
          </div>
        </dl>
      </Card>
      {can(user, 'bank_account.manage') && (
        <VendorBankAccounts vendorId={data.id} vendorName={data.name} currency={data.currency ?? 'USD'} />
      )}
    </div>
  );
}
