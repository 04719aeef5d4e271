import { PageHeader } from '@/components/ui/page-header';
import { PurchaseOrdersList } from '@/features/purchase-orders/components/purchase-orders-list';

export default function PurchaseOrdersRoute() {
  return (
    <>
      <PageHeader title="Purchase orders" />
      <PurchaseOrdersList />
    </>
  );
}
