import { PageHeader } from '@/components/ui/page-header';
import { PriceHolds } from '@/features/invoices/components/price-holds';
import { ProcurementQueue } from '@/features/purchase-orders/components/procurement-queue';

export default function ProcurementQueueRoute() {
  return (
    <div className="space-y-6">
      <PageHeader
        title="Procurement queue"
        description="Approved requests to order, oldest first, late deliveries and the invoice price holds you own."
      />
      <ProcurementQueue />
      <PriceHolds />
    </div>
  );
}
