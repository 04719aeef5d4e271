import { LineItemsTable } from '@/components/ui/line-items-table';
import { Card } from '@/components/ui/page-header';
import type { PurchaseOrderDetail } from '@/types';

export function PurchaseOrderLines({ order, title = 'Lines' }: { order: PurchaseOrderDetail; title?: string }) {
  return (
    <Card title={title}>
      <LineItemsTable
        lines={order.lines}
        currency={order.currency}
        total={order.total}
        caption="Order lines"
        quantityHeader="Ordered"
        hideUnitPriceOnSmall
        extraColumns={[
          {
            id: 'received',
            header: 'Received',
            align: 'right',
            cell: (line) => Number(line.received_quantity ?? 0),
          },
          {
            id: 'invoiced',
            header: 'Invoiced',
            align: 'right',
            cell: (line) => Number(line.invoiced_quantity ?? 0),
          },
        ]}
      />
    </Card>
  );
}
