import { Table } from '@/components/ui/data-table';
import { Card } from '@/components/ui/page-header';
import { cn } from '@/lib/cn';
import { formatMoney } from '@/lib/format';
import type { InvoiceDetail, InvoiceLine } from '@/types';

type Check = { check: string; passed: boolean; line: number | null; [key: string]: unknown };

function checksOf(invoice: InvoiceDetail): Check[] {
  const checks = (invoice.match_result as { checks?: Check[] }).checks;
  return Array.isArray(checks) ? checks : [];
}

/** A figure coloured by the check that compared it: red outside its tolerance, green inside. */
function Judged({
  passed,
  children,
  title,
}: {
  passed: boolean | undefined;
  children: React.ReactNode;
  title?: string;
}) {
  if (passed === undefined) return <>{children}</>;
  return (
    <span
      title={title}
      className={cn(
        'rounded px-1.5 py-0.5',
        passed ? 'bg-emerald-50 text-emerald-800' : 'bg-red-50 font-semibold text-red-800',
      )}
    >
      {children}
      <span className="sr-only">{passed ? ' (within tolerance)' : ' (outside tolerance)'}</span>
    </span>
  );
}

function quantity(value: string | null | undefined) {
  return value == null ? '—' : String(Number(value));
}

/** For each invoice line: ordered / received / invoiced so far / this invoice, and the PO's
 * price against the invoice's, each judged as the last match judged it. */
export function ThreeWayTable({ invoice }: { invoice: InvoiceDetail }) {
  const checks = checksOf(invoice);
  const tolerances = (invoice.match_result as { tolerances?: Record<string, string> }).tolerances ?? {};
  const find = (line: InvoiceLine, name: string) => checks.find((c) => c.check === name && c.line === line.position);
  const currency = invoice.currency || 'USD';
  return (
    <Card
      title="Three-way match"
      actions={
        tolerances.price_percent && (
          <span className="text-xs text-slate-600">
            Price tolerance {tolerances.price_percent} % / {formatMoney(tolerances.price_amount, currency)}
          </span>
        )
      }
    >
      <Table
        variant="plain"
        caption="Invoice lines against the order and the receipts"
        rows={invoice.lines}
        rowKey={(line) => line.id}
        columns={[
          {
            id: 'description',
            header: 'Line',
            cellClassName: 'max-w-xs',
            cell: (line) => (
              <>
                <span className="font-medium">{line.description || `Line ${line.position}`}</span>
                {!line.po_line && <span className="block text-xs text-slate-500">Not on the order</span>}
              </>
            ),
          },
          {
            id: 'ordered',
            header: 'Ordered',
            align: 'right',
            cell: (line) => quantity(line.po_line?.ordered_quantity),
          },
          {
            id: 'received',
            header: 'Received',
            align: 'right',
            cell: (line) => quantity(line.po_line?.received_quantity),
          },
          {
            id: 'invoiced',
            header: 'Invoiced so far',
            align: 'right',
            className: 'hidden md:table-cell',
            cell: (line) => quantity(line.po_line?.invoiced_quantity),
          },
          {
            id: 'this',
            header: 'This invoice',
            align: 'right',
            cell: (line) => {
              const judged = [find(line, 'quantity_ordered'), find(line, 'quantity_received')].filter(
                (c) => c !== undefined,
              );
              const passed = judged.length ? judged.every((c) => c.passed) : undefined;
              return <Judged passed={passed}>{quantity(line.quantity)}</Judged>;
            },
          },
          {
            id: 'po_price',
            header: 'PO price',
            align: 'right',
            className: 'hidden sm:table-cell',
            cell: (line) => (line.po_line ? formatMoney(line.po_line.unit_price, currency) : '—'),
          },
          {
            id: 'price',
            header: 'Invoice price',
            align: 'right',
            cell: (line) => {
              const check = find(line, 'price');
              const variance = check?.variance_percent as string | undefined;
              return (
                <Judged
                  passed={check?.passed}
                  title={variance ? `${Number(variance).toFixed(1)} % against the PO` : undefined}
                >
                  {formatMoney(line.unit_price, currency)}
                  {variance && Number(variance) > 0 && (
                    <span className="ml-1 text-xs">(+{Number(variance).toFixed(1)} %)</span>
                  )}
                </Judged>
              );
            },
          },
          {
            id: 'amount',
            header: 'Amount',
            align: 'right',
            className: 'hidden sm:table-cell',
            cell: (line) => formatMoney(line.amount, currency),
          },
        ]}
      />
    </Card>
  );
}
