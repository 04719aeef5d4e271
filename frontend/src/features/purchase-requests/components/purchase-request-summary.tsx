import { LineItemsTable } from '@/components/ui/line-items-table';
import { Card } from '@/components/ui/page-header';
import { formatAmount, formatDate, formatDateTime } from '@/lib/format';
import type { PurchaseRequestDetail } from '@/types';

/** A rate as the API sends it (10 decimals), without the trailing zeros past the fourth. */
function formatRate(rate: string): string {
  const [whole, fraction = ''] = rate.split('.');
  return `${whole}.${fraction.replace(/0+$/, '').padEnd(4, '0')}`;
}

/** Set at submit; a rate of 1 means the request is in the base currency, with nothing to convert. */
function baseTotal(request: PurchaseRequestDetail): string | null {
  const { exchange_rate: rate, total_base: total } = request;
  if (!rate || !total || /^0*1(\.0*)?$/.test(rate)) return null;
  return `≈ ${formatAmount(total)} at a rate of ${formatRate(rate)}`;
}

export function PurchaseRequestSummary({ request }: { request: PurchaseRequestDetail }) {
  const converted = baseTotal(request);
  const rows: Array<[string, string]> = [
    ['Requester', request.requester.full_name || request.requester.email],
    ['Department', request.department.name],
    ['Vendor', request.vendor?.name ?? 'Not chosen yet'],
    ['Needed by', formatDate(request.needed_by)],
    ['Created', formatDateTime(request.created_at)],
    ['Submitted', formatDateTime(request.submitted_at)],
    ['Decided', formatDateTime(request.decided_at)],
  ];
  if (converted) rows.push(['In the base currency', converted]);
  return (
    <Card title="Details">
      <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
        {rows.map(([label, value]) => (
          <div key={label} className="flex justify-between gap-2 border-b border-slate-100 py-1">
            <dt className="text-slate-500">{label}</dt>
            <dd className="text-right text-slate-900">{value}</dd>
          </div>
        ))}
      </dl>
      {request.justification && (
        <div className="mt-4">
          <h3 className="text-sm font-medium text-slate-700">Justification</h3>
          <p className="mt-1 text-sm whitespace-pre-line text-slate-800">{request.justification}</p>
        </div>
      )}
      <div className="mt-4">
        <LineItemsTable lines={request.items} currency={request.currency} total={request.total} />
      </div>
    </Card>
  );
}
