import { useState } from 'react';

import { Button } from '@/components/ui/button';
import { Field, Input, Select, Textarea } from '@/components/ui/field';
import { Card } from '@/components/ui/page-header';
import { Alert, errorMessage } from '@/components/ui/states';
import { useIdempotencyKey } from '@/lib/idempotency';
import { parseLocaleNumber, QUANTITY_RULES } from '@/lib/numbers';
import { notify } from '@/stores/ui-store';
import type { PurchaseOrderDetail } from '@/types';

import { useReturnGoods } from '../api/order-actions';

/** Goods sent back after they were received: they no longer count as received. */
export function ReturnGoodsForm({ order }: { order: PurchaseOrderDetail }) {
  const received = order.lines.filter((line) => Number(line.received_quantity) > 0);
  const [line, setLine] = useState(String(received[0]?.id ?? ''));
  const [quantity, setQuantity] = useState('');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [idempotencyKey, renewKey] = useIdempotencyKey();
  const send = useReturnGoods(order.id);
  if (received.length === 0) return null;
  return (
    <Card title="Return goods to the vendor">
      <form
        noValidate
        className="grid gap-3 sm:grid-cols-[1fr_8rem]"
        onSubmit={(event) => {
          event.preventDefault();
          setProblem(null);
          const parsed = parseLocaleNumber(quantity, QUANTITY_RULES);
          if (!parsed.ok) return setProblem(`Quantity: ${parsed.error}`);
          if (!reason.trim()) return setProblem('Say why the goods go back.');
          const input = { lines: [{ po_line: Number(line), quantity: parsed.value }], reason: reason.trim() };
          send.mutate(
            { input, idempotencyKey },
            {
              onSuccess: () => {
                renewKey();
                setQuantity('');
                setReason('');
                notify('success', 'Return recorded.');
              },
              onError: (error) => setProblem(errorMessage(error)),
            },
          );
        }}
      >
        {problem && (
          <div className="sm:col-span-2">
            <Alert>{problem}</Alert>
          </div>
        )}
        <Field label="Line">
          {(props) => (
            <Select {...props} value={line} onChange={(e) => setLine(e.target.value)}>
              {received.map((option) => (
                <option key={option.id} value={option.id}>
                  {option.description} ({Number(option.received_quantity)} received)
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="Quantity back">
          {(props) => (
            <Input {...props} inputMode="decimal" value={quantity} onChange={(e) => setQuantity(e.target.value)} />
          )}
        </Field>
        <Field label="Reason" className="sm:col-span-2">
          {(props) => <Textarea {...props} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />}
        </Field>
        <div>
          <Button type="submit" variant="secondary" loading={send.isPending}>
            Record return
          </Button>
        </div>
      </form>
    </Card>
  );
}
