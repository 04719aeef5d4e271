import { formatMoney } from '@/lib/format';

import { Table, type DataTableColumn } from './data-table';

/** A request item or an order line: what both show. */
export type LineItem = {
  id: number;
  description: string;
  quantity: string;
  unit_price: string;
  line_total: string;
};

type LineItemsTableProps<L extends LineItem> = {
  lines: L[];
  currency: string;
  /** The document's total, in the footer. */
  total: string | null | undefined;
  caption?: string;
  /** The quantity column's heading ("Quantity" on a request, "Ordered" on an order). */
  quantityHeader?: string;
  /** Further columns after the quantity (e.g. received on an order). */
  extraColumns?: DataTableColumn<L>[];
  /** Hide the unit price on narrow screens. */
  hideUnitPriceOnSmall?: boolean;
};

/** The read-only lines of a purchase request or order: item, quantity, unit price, line total, total. */
export function LineItemsTable<L extends LineItem>({
  lines,
  currency,
  total,
  caption = 'Line items',
  quantityHeader = 'Quantity',
  extraColumns = [],
  hideUnitPriceOnSmall = false,
}: LineItemsTableProps<L>) {
  const columns: DataTableColumn<L>[] = [
    { id: 'description', header: 'Item', cell: (line) => line.description },
    { id: 'quantity', header: quantityHeader, align: 'right', cell: (line) => Number(line.quantity) },
    ...extraColumns,
    {
      id: 'unit_price',
      header: 'Unit price',
      align: 'right',
      className: hideUnitPriceOnSmall ? 'hidden sm:table-cell' : undefined,
      cell: (line) => formatMoney(line.unit_price, currency),
    },
    { id: 'line_total', header: 'Line total', align: 'right', cell: (line) => formatMoney(line.line_total, currency) },
  ];
  return (
    <Table
      variant="plain"
      caption={caption}
      columns={columns}
      rows={lines}
      rowKey={(line) => line.id}
      footer={
        <tr className="border-t border-slate-200 font-semibold">
          <td colSpan={columns.length - 1} className="py-2 pr-3 text-right">
            Total
          </td>
          <td className="py-2 pl-3 text-right tabular-nums">{formatMoney(total, currency)}</td>
        </tr>
      }
    />
  );
}
