import { useState } from 'react';

import { Button } from '@/components/ui/button';
import { Field, Input, Textarea } from '@/components/ui/field';
import { Card } from '@/components/ui/page-header';
import { Alert, errorMessage } from '@/components/ui/states';
import { isApiError } from '@/lib/api-client';
import { flattenFieldErrors } from '@/lib/form-errors';
import { centsToDecimal, formatMoney, lineTotalCents } from '@/lib/format';
import { useIdempotencyKey } from '@/lib/idempotency';
import { parseLocaleNumber, PRICE_RULES, QUANTITY_RULES } from '@/lib/numbers';
import { notify } from '@/stores/ui-store';
import type { OrderLineInput, PurchaseOrderDetail } from '@/types';

import { useIssueOrder, useReviseOrder, useUpdateDraft } from '../api/order-actions';

type Row = {
  key: string;
  po_line?: number;
  description: string;
  quantity: string;
  unit_price: string;
  tax_rate: string;
  /** Received or invoiced: the quantity may not go below it, and the line stays. */
  floor: number;
};

const TAX_RULES = { decimals: 2, max: 100 };

function rowsOf(order: PurchaseOrderDetail): Row[] {
  return order.lines.map((line) => ({
    key: String(line.id),
    po_line: line.id,
    description: line.description,
    quantity: String(Number(line.quantity)),
    unit_price: line.unit_price,
    tax_rate: String(Number(line.tax_rate)),
    floor: Math.max(Number(line.received_quantity), Number(line.invoiced_quantity)),
  }));
}

/** The rows as the API takes them, or the first problem in words. */
function parseRows(rows: Row[]): { lines: OrderLineInput[] } | { error: string } {
  const lines: OrderLineInput[] = [];
  for (const [index, row] of rows.entries()) {
    const name = row.description.trim() || `Line ${index + 1}`;
    if (!row.description.trim()) return { error: `Line ${index + 1}: describe the item.` };
    const quantity = parseLocaleNumber(row.quantity, QUANTITY_RULES);
    if (!quantity.ok) return { error: `${name}, quantity: ${quantity.error}` };
    if (Number(quantity.value) < row.floor)
      return { error: `${name}: ${row.floor} already received or invoiced, the quantity cannot be lower.` };
    const price = parseLocaleNumber(row.unit_price, PRICE_RULES);
    if (!price.ok) return { error: `${name}, unit price: ${price.error}` };
    const tax = parseLocaleNumber(row.tax_rate || '0', TAX_RULES);
    if (!tax.ok) return { error: `${name}, tax %: ${tax.error}` };
    lines.push({
      ...(row.po_line ? { po_line: row.po_line } : {}),
      description: row.description.trim(),
      quantity: quantity.value,
      unit_price: price.value,
      tax_rate: tax.value,
    });
  }
  return lines.length ? { lines } : { error: 'An order needs at least one line.' };
}

/** The server names line errors by position in what was sent, or under "removed". */
function serverError(error: unknown, rows: Row[]): string {
  if (!isApiError(error) || !error.fields || typeof error.fields.lines !== 'object') return errorMessage(error);
  const described = Object.entries(flattenFieldErrors(error.fields.lines)).map(([key, message]) => {
    const row = rows[Number(key.split('.')[0])];
    return row ? `${row.description}: ${message}` : message;
  });
  return [error.message, ...described].join(' ');
}

/**
 * Procurement completes a draft (vendor terms, prices and quantities within the tolerance,
 * tax, delivery, ship-to, notes) and issues it; or, on an issued order, prepares a change order
 * that goes to the vendor as the next revision.
 */
export function OrderEditor({ order, mode }: { order: PurchaseOrderDetail; mode: 'draft' | 'revision' }) {
  const [rows, setRows] = useState<Row[]>(() => rowsOf(order));
  const [header, setHeader] = useState({
    expected_delivery: order.expected_delivery ?? '',
    ship_to: order.ship_to,
    payment_terms: order.payment_terms,
    incoterms: order.incoterms,
    notes: order.notes,
    note: '',
  });
  const [problem, setProblem] = useState<string | null>(null);
  const [idempotencyKey, renewKey] = useIdempotencyKey();
  const update = useUpdateDraft(order.id);
  const issue = useIssueOrder(order.id);
  const revise = useReviseOrder(order.id);

  const totalCents = rows.reduce<bigint | null>((sum, row) => {
    const quantity = parseLocaleNumber(row.quantity, QUANTITY_RULES);
    const price = parseLocaleNumber(row.unit_price, PRICE_RULES);
    const cents = quantity.ok && price.ok ? lineTotalCents(quantity.value, price.value) : null;
    return sum === null || cents === null ? null : sum + cents;
  }, 0n);
  const total = totalCents === null ? null : centsToDecimal(totalCents);
  const overTolerance = total !== null && Number(total) > Number(order.max_total);
  const setRow = (index: number, patch: Partial<Row>) =>
    setRows((current) => current.map((row, i) => (i === index ? { ...row, ...patch } : row)));

  async function save(andIssue: boolean) {
    setProblem(null);
    const parsed = parseRows(rows);
    if ('error' in parsed) return setProblem(parsed.error);
    const expected_delivery = header.expected_delivery || null;
    try {
      if (mode === 'draft') {
        const { ship_to, payment_terms, incoterms, notes } = header;
        await update.mutateAsync({ ship_to, payment_terms, incoterms, notes, expected_delivery, lines: parsed.lines });
        if (andIssue) await issue.mutateAsync(undefined);
        notify('success', andIssue ? `${order.number} issued and sent to ${order.vendor.name}.` : 'Draft saved.');
      } else {
        const input = { lines: parsed.lines, expected_delivery, note: header.note };
        const changed = await revise.mutateAsync({ input, idempotencyKey });
        renewKey();
        notify('success', `${changed.label} sent to ${order.vendor.name} with the changes.`);
      }
    } catch (error) {
      setProblem(serverError(error, rows));
    }
  }

  const busy = update.isPending || issue.isPending || revise.isPending;
  const title = mode === 'draft' ? 'Complete the draft, then issue it' : `Amend ${order.label} (change order)`;
  return (
    <Card title={title}>
      <form
        noValidate
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          void save(mode === 'draft');
        }}
      >
        {problem && <Alert>{problem}</Alert>}
        {order.vendor_currency !== order.currency && (
          <Alert kind="info">
            {order.vendor.name} bills in {order.vendor_currency}; this order is in {order.currency}.
          </Alert>
        )}
        <div className="space-y-3">
          {rows.map((row, index) => (
            <fieldset
              key={row.key}
              className="grid grid-cols-2 gap-2 border-b border-slate-100 pb-3 sm:grid-cols-[1fr_6rem_8rem_5rem_auto]"
            >
              <legend className="sr-only">Line {index + 1}</legend>
              <Field label="Item" hideLabel={index > 0} className="col-span-2 sm:col-span-1">
                {(props) => (
                  <Input
                    {...props}
                    value={row.description}
                    onChange={(e) => setRow(index, { description: e.target.value })}
                  />
                )}
              </Field>
              <Field label="Quantity" hideLabel={index > 0}>
                {(props) => (
                  <Input
                    {...props}
                    inputMode="decimal"
                    value={row.quantity}
                    onChange={(e) => setRow(index, { quantity: e.target.value })}
                  />
                )}
              </Field>
              <Field label={`Unit price (${order.currency})`} hideLabel={index > 0}>
                {(props) => (
                  <Input
                    {...props}
                    inputMode="decimal"
                    value={row.unit_price}
                    onChange={(e) => setRow(index, { unit_price: e.target.value })}
                  />
                )}
              </Field>
              <Field label="Tax %" hideLabel={index > 0}>
                {(props) => (
                  <Input
                    {...props}
                    inputMode="decimal"
                    value={row.tax_rate}
                    onChange={(e) => setRow(index, { tax_rate: e.target.value })}
                  />
                )}
              </Field>
              <div className="flex items-end">
                <Button
                  variant="secondary"
                  disabled={row.floor > 0 || rows.length === 1}
                  aria-label={`Remove ${row.description || `line ${index + 1}`}`}
                  onClick={() => setRows((current) => current.filter((_, i) => i !== index))}
                >
                  Remove
                </Button>
              </div>
            </fieldset>
          ))}
          <Button
            variant="secondary"
            onClick={() =>
              setRows((current) => [
                ...current,
                {
                  key: `new-${current.length}-${Date.now()}`,
                  description: '',
                  quantity: '1',
                  unit_price: '',
                  tax_rate: '0',
                  floor: 0,
                },
              ])
            }
          >
            Add a line
          </Button>
        </div>
        <p className={overTolerance ? 'text-sm font-medium text-red-700' : 'text-sm text-slate-700'}>
          Total before tax {total === null ? '—' : formatMoney(total, order.currency)}; approved{' '}
          {formatMoney(order.approved_total, order.currency)}, at most {formatMoney(order.max_total, order.currency)}{' '}
          without a new approval.
        </p>
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label="Expected delivery">
            {(props) => (
              <Input
                {...props}
                type="date"
                value={header.expected_delivery}
                onChange={(e) => setHeader({ ...header, expected_delivery: e.target.value })}
              />
            )}
          </Field>
          {mode === 'draft' ? (
            <>
              <Field label="Payment terms">
                {(props) => (
                  <Input
                    {...props}
                    value={header.payment_terms}
                    onChange={(e) => setHeader({ ...header, payment_terms: e.target.value })}
                  />
                )}
              </Field>
              <Field label="Incoterms" hint="e.g. DAP Berlin">
                {(props) => (
                  <Input
                    {...props}
                    value={header.incoterms}
                    onChange={(e) => setHeader({ ...header, incoterms: e.target.value })}
                  />
                )}
              </Field>
              <Field label="Ship to">
                {(props) => (
                  <Textarea
                    {...props}
                    rows={3}
                    value={header.ship_to}
                    onChange={(e) => setHeader({ ...header, ship_to: e.target.value })}
                  />
                )}
              </Field>
              <Field label="Notes to the vendor" className="sm:col-span-2">
                {(props) => (
                  <Textarea
                    {...props}
                    rows={2}
                    value={header.notes}
                    onChange={(e) => setHeader({ ...header, notes: e.target.value })}
                  />
                )}
              </Field>
            </>
          ) : (
            <Field label="Note to the vendor" hint="Sent with the changes">
              {(props) => (
                <Textarea
                  {...props}
                  rows={2}
                  value={header.note}
                  onChange={(e) => setHeader({ ...header, note: e.target.value })}
                />
              )}
            </Field>
          )}
        </div>
        <div className="flex flex-wrap gap-2">
          {mode === 'draft' ? (
            <>
              <Button type="submit" loading={busy} disabled={overTolerance}>
                Issue and send to {order.vendor.name}
              </Button>
              <Button variant="secondary" disabled={busy} onClick={() => void save(false)}>
                Save draft
              </Button>
            </>
          ) : (
            <Button type="submit" loading={busy} disabled={overTolerance}>
              Send change order
            </Button>
          )}
        </div>
      </form>
    </Card>
  );
}
