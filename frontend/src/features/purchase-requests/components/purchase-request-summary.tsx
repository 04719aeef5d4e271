import { Card } from '@/components/ui/page-header';
import { formatDate, formatDateTime, formatMoney } from '@/lib/format';
import type { PurchaseRequestDetail } from '@/types';

export function PurchaseRequestSummary({ request }: { request: PurchaseRequestDetail }) {
  const rows: Array<[string, string]> = [
    ['Requester', request.requester.full_name || request.requester.email],
    ['Department', request.department.name],
    ['Vendor', request.vendor?.name ?? 'Not chosen yet'],
    ['Needed by', formatDate(request.needed_by)],
    ['Created', formatDateTime(request.created_at)],
    ['Submitted', formatDateTime(request.submitted_at)],
    ['Decided', formatDateTime(request.decided_at)],
  ];
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
      <div className="mt-4 overflow-x-auto">
        <table className="min-w-full text-sm">
          <caption className="sr-only">Line items</caption>
          <thead className="text-left text-slate-600">
            <tr>
              <th scope="col" className="py-2 pr-3 font-medium">
                Item
              </th>
              <th scope="col" className="px-3 py-2 text-right font-medium">
                Quantity
              </th>
              <th scope="col" className="px-3 py-2 text-right font-medium">
                Unit price
              </th>
              <th scope="col" className="py-2 pl-3 text-right font-medium">
                Line total
              </th>
            </tr>
          </thead>
          <tbody>
            {request.items.map((item) => (
              <tr key={item.id} className="border-t border-slate-100">
                <td className="py-2 pr-3">{item.description}</td>
                <td className="px-3 py-2 text-right tabular-nums">{Number(item.quantity)}</td>
                <td className="px-3 py-2 text-right tabular-nums">{formatMoney(item.unit_price, request.currency)}</td>
                <td className="py-2 pl-3 text-right tabular-nums">{formatMoney(item.line_total, request.currency)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="border-t border-slate-200 font-semibold">
              <td colSpan={3} className="py-2 pr-3 text-right">
                Total
              </td>
              <td className="py-2 pl-3 text-right tabular-nums">{formatMoney(request.total, request.currency)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </Card>
  );
}
