import { ConfidenceBadge } from '@/components/ui/confidence-badge';
import { Card } from '@/components/ui/page-header';
import { cn } from '@/lib/cn';
import { formatMoney } from '@/lib/format';
import type { DocumentDetail } from '@/types';

import type { EvidenceBox } from './page-images';

/** What was read from the document, as the API declares it (ExtractedData in the schema). */
type ExtractedData = NonNullable<DocumentDetail['extracted_data']>;
type ShownField =
  | 'vendor_name'
  | 'invoice_number'
  | 'invoice_date'
  | 'due_date'
  | 'po_number'
  | 'currency'
  | 'subtotal'
  | 'tax'
  | 'total';

const FIELDS: Array<[ShownField, string, boolean]> = [
  ['vendor_name', 'Vendor', false],
  ['invoice_number', 'Invoice number', false],
  ['invoice_date', 'Invoice date', false],
  ['due_date', 'Due date', false],
  ['po_number', 'PO number', false],
  ['currency', 'Currency', false],
  ['subtotal', 'Subtotal', true],
  ['tax', 'Tax', true],
  ['total', 'Total', true],
];

/** Below this a value is marked for a person to check. */
const LOW_CONFIDENCE = 0.9;

/** Where each shown field was read, for the page images. */
export function evidenceBoxes(data: ExtractedData | null): EvidenceBox[] {
  if (!data?.evidence) return [];
  const evidence = data.evidence;
  return FIELDS.flatMap(([key, label]) => {
    const found = evidence[key];
    return found ? [{ field: key, label, evidence: found, low: (data.confidence?.[key] ?? 0) < LOW_CONFIDENCE }] : [];
  });
}

/** What was read from an invoice; a field not found shows as "Not found", never guessed.
 * Focusing (or hovering) a field's name shows where on the page it was read. */
export function ExtractedFields({
  data,
  focused = null,
  onFocusField,
}: {
  data: ExtractedData | null;
  focused?: string | null;
  onFocusField?: (field: string | null) => void;
}) {
  if (!data) {
    return (
      <Card title="Extracted fields">
        <p className="text-sm text-slate-500">No fields were extracted from this document.</p>
      </Card>
    );
  }
  const currency = data.currency ?? 'USD';
  const confidence = data.confidence ?? {};
  return (
    <Card title="Extracted fields">
      {data.source === 'xml' && (
        <p className="mb-2 rounded bg-emerald-50 px-2 py-1 text-xs text-emerald-800" role="note">
          Read from the e-invoice&apos;s own data ({data.format === 'ubl' ? 'UBL' : 'CII'} XML): every value is exact.
        </p>
      )}
      <dl className="divide-y divide-slate-100 text-sm" data-testid="extracted-fields">
        {FIELDS.map(([key, label, money]) => {
          const value = data[key];
          const low = value !== null && value !== '' && (confidence[key] ?? 0) < LOW_CONFIDENCE;
          return (
            <div
              key={key}
              className={cn(
                'flex items-center justify-between gap-3 py-1.5',
                low && 'border-l-2 border-amber-400 pl-2',
                focused === key && 'bg-indigo-50',
              )}
            >
              <dt className={focused === key ? 'text-slate-800' : 'text-slate-500'}>
                {data.evidence?.[key]?.box && onFocusField ? (
                  <button
                    type="button"
                    className="text-left underline decoration-slate-300 decoration-dotted underline-offset-2 hover:text-indigo-700"
                    aria-pressed={focused === key}
                    onFocus={() => onFocusField(key)}
                    onMouseEnter={() => onFocusField(key)}
                    onClick={() => onFocusField(key)}
                  >
                    {label}
                  </button>
                ) : (
                  label
                )}
                {low && <span className="sr-only"> (low confidence: check it)</span>}
              </dt>
              <dd className="text-right">
                {value === null || value === '' ? (
                  <span className="text-slate-400 italic">Not found</span>
                ) : (
                  <span className="font-medium text-slate-900">{money ? formatMoney(value, currency) : value}</span>
                )}
                {confidence[key] !== undefined && <ConfidenceBadge value={confidence[key]} />}
              </dd>
            </div>
          );
        })}
      </dl>
      {data.line_items && data.line_items.length > 0 && (
        <div className="mt-4 overflow-x-auto">
          <table className="min-w-full text-sm">
            <caption className="mb-1 text-left font-medium text-slate-700">Line items</caption>
            <thead className="text-left text-slate-600">
              <tr>
                <th scope="col" className="py-1 pr-2 font-medium">
                  Description
                </th>
                <th scope="col" className="px-2 py-1 text-right font-medium">
                  Qty
                </th>
                <th scope="col" className="px-2 py-1 text-right font-medium">
                  Unit price
                </th>
                <th scope="col" className="py-1 pl-2 text-right font-medium">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {data.line_items.map((item, index) => (
                <tr key={index} className="border-t border-slate-100">
                  <td className="py-1 pr-2">{item.description ?? '—'}</td>
                  <td className="px-2 py-1 text-right tabular-nums">{item.quantity ?? '—'}</td>
                  <td className="px-2 py-1 text-right tabular-nums">
                    {item.unit_price ? formatMoney(item.unit_price, currency) : '—'}
                  </td>
                  <td className="py-1 pl-2 text-right tabular-nums">
                    {item.amount ? formatMoney(item.amount, currency) : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
