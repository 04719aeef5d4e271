import { PageHeader } from '@/components/ui/page-header';
import { ProcurementQueue } from '@/features/purchase-orders/components/procurement-queue';

export default function ProcurementQueueRoute() {
  return (
    <>
      <PageHeader
        title="Procurement queue"
        description="Approved requests to order, oldest first, and late deliveries."
      />
      <ProcurementQueue />
    </>
  );
}
