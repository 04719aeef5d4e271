import { Card } from '@/components/ui/page-header';
import { formatMoney } from '@/lib/format';
import type { PurchaseOrderDetail } from '@/types';

export function PurchaseOrderLines({ order }: { order: PurchaseOrderDetail }) {
  return (
    <Card title="Lines">
      <div className="overflow-x-auto">
        <table className="min-w-full text-sm">
          <thead className="text-left text-slate-600">
            <tr>
              <th scope="col" className="py-2 pr-3 font-medium">
                Item
              </th>
              <th scope="col" className="px-3 py-2 text-right font-medium">
                Ordered
              </th>
              <th scope="col" className="px-3 py-2 text-right font-medium">
                Received
              </th>
              <th scope="col" className="hidden px-3 py-2 text-right font-medium sm:table-cell">
                Unit price
              </th>
              <th scope="col" className="py-2 pl-3 text-right font-medium">
                Line total
              </th>
            </tr>
          </thead>
          <tbody>
            {order.lines.map((line) => (
              <tr key={line.id} className="border-t border-slate-100">
                <td className="py-2 pr-3">{line.description}</td>
                <td className="px-3 py-2 text-right tabular-nums">{Number(line.quantity)}</td>
                <td className="px-3 py-2 text-right tabular-nums">{Number(line.received_quantity ?? 0)}</td>
                <td className="hidden px-3 py-2 text-right tabular-nums sm:table-cell">
                  {formatMoney(line.unit_price, order.currency)}
                </td>
                <td className="py-2 pl-3 text-right tabular-nums">{formatMoney(line.line_total, order.currency)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="border-t border-slate-200 font-semibold">
              <td colSpan={4} className="py-2 pr-3 text-right">
                Total
              </td>
              <td className="py-2 pl-3 text-right tabular-nums">{formatMoney(order.total, order.currency)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </Card>
  );
}
