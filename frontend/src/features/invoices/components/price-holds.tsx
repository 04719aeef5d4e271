import { Link } from 'react-router';

import { Card } from '@/components/ui/page-header';
import { formatMoney } from '@/lib/format';

import { useMatchExceptions } from '../api/get-invoices';

/** The price holds waiting on the caller's role (procurement owns them): the oldest ten. */
export function PriceHolds() {
  const holds = useMatchExceptions({ code: 'price_variance', page_size: 10 });
  const rows = holds.data?.results ?? [];
  return (
    <Card title={`Price holds you own (${holds.data?.count ?? 0})`}>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600">
          {holds.isPending ? 'Loading…' : 'No invoice waits on a price of yours.'}
        </p>
      ) : (
        <ul className="space-y-2 text-sm">
          {rows.map((hold) => (
            <li key={hold.id}>
              <Link
                className="font-medium text-indigo-700 underline underline-offset-2"
                to={`/invoices/${hold.invoice.id}`}
              >
                {hold.invoice.number || `#${hold.invoice.id}`}
              </Link>{' '}
              {hold.invoice.vendor?.name ?? ''} · {formatMoney(hold.invoice.total, hold.invoice.currency || 'USD')}
              <span className="block text-xs text-slate-600">{hold.detail}</span>
            </li>
          ))}
        </ul>
      )}
      {(holds.data?.count ?? 0) > rows.length && (
        <Link className="mt-2 inline-block text-sm text-indigo-700 underline" to="/ap-inbox?code=price_variance">
          All of them in the AP inbox
        </Link>
      )}
    </Card>
  );
}
