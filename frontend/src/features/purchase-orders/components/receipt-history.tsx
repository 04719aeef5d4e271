import { Card } from '@/components/ui/page-header';
import { formatDateTime } from '@/lib/format';
import type { ReceiptRecord } from '@/types';

/** Who received (or sent back) what and when, with the delivery note and what was refused. */
export function ReceiptHistory({ receipts, title = 'Receipt history' }: { receipts: ReceiptRecord[]; title?: string }) {
  return (
    <Card title={title}>
      {receipts.length === 0 ? (
        <p className="text-sm text-slate-600">Nothing received yet.</p>
      ) : (
        <ol className="space-y-3">
          {receipts.map((receipt) => (
            <li key={receipt.id} className="border-l-2 border-slate-200 pl-3 text-sm">
              <p className="font-medium text-slate-900">
                {receipt.kind === 'return' ? 'Returned to the vendor' : 'Received'}{' '}
                {formatDateTime(receipt.received_at)} by {receipt.received_by.full_name || receipt.received_by.email}
                {receipt.delivery_note && (
                  <span className="font-normal text-slate-600"> · delivery note {receipt.delivery_note}</span>
                )}
              </p>
              <ul className="mt-1 text-slate-700">
                {receipt.lines.map((line) => (
                  <li key={line.po_line}>
                    {line.description}: {Number(line.quantity)} {receipt.kind === 'return' ? 'sent back' : 'accepted'}
                    {Number(line.rejected_quantity) > 0 && (
                      <span className="text-red-700">, {Number(line.rejected_quantity)} refused</span>
                    )}
                    {line.note && <span className="text-slate-500"> ({line.note})</span>}
                  </li>
                ))}
              </ul>
              {receipt.note && (
                <p className="mt-1 text-slate-600">
                  {receipt.kind === 'return' ? 'Reason' : 'Note'}: {receipt.note}
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
