import { Link, useParams } from 'react-router';

import { Button } from '@/components/ui/button';
import { Card, PageHeader } from '@/components/ui/page-header';
import { PageSkeleton } from '@/components/ui/skeleton';
import { ErrorState, errorMessage } from '@/components/ui/states';
import { StatusBadge } from '@/components/ui/status-badge';
import { Discussion } from '@/features/discussions/components/discussion';
import { DocumentUpload } from '@/features/documents/components/document-upload';
import { DocumentsList } from '@/features/documents/components/documents-list';
import { InvoicesList } from '@/features/invoices/components/invoices-list';
import { useCancelPurchaseOrder } from '@/features/purchase-orders/api/cancel-purchase-order';
import { useDownloadPurchaseOrderPdf } from '@/features/purchase-orders/api/download-purchase-order-pdf';
import { usePurchaseOrder } from '@/features/purchase-orders/api/get-purchase-order';
import { GoodsReceiptForm } from '@/features/purchase-orders/components/goods-receipt-form';
import { PurchaseOrderLines } from '@/features/purchase-orders/components/purchase-order-lines';
import { can } from '@/lib/auth';
import { formatDateTime, formatMoney } from '@/lib/format';
import { notify } from '@/stores/ui-store';

import { useCurrentUser } from '../use-current-user';

export default function PurchaseOrderDetailRoute() {
  const id = Number(useParams().id);
  const user = useCurrentUser();
  const order = usePurchaseOrder(id);
  const pdf = useDownloadPurchaseOrderPdf();
  const cancel = useCancelPurchaseOrder(id);
  if (order.isPending) return <PageSkeleton label="Loading the order" />;
  if (order.isError) return <ErrorState error={order.error} onRetry={() => void order.refetch()} />;
  const data = order.data;
  const open = data.status === 'ISSUED' || data.status === 'PARTIALLY_RECEIVED';
  const mayReceive = open && (can(user, 'purchase_order.manage') || data.purchase_request.requester.id === user.id);
  const nothingReceived = data.lines.every((line) => Number(line.received_quantity ?? 0) === 0);

  return (
    <div className="space-y-6">
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-3">
            {data.number} <StatusBadge status={data.status} />
          </span>
        }
        description={
          <>
            {data.vendor.name} · {formatMoney(data.total, data.currency)} · issued {formatDateTime(data.issued_at)} ·
            for{' '}
            <Link
              className="text-indigo-700 underline underline-offset-2"
              to={`/purchase-requests/${data.purchase_request.id}`}
            >
              {data.purchase_request.number}
            </Link>
          </>
        }
        actions={
          <>
            <Button
              variant="secondary"
              loading={pdf.isPending}
              onClick={() =>
                pdf.mutate(
                  { id: data.id, number: data.number },
                  { onError: (error) => notify('error', errorMessage(error)) },
                )
              }
            >
              Download PDF
            </Button>
            {can(user, 'purchase_order.manage') && data.status === 'ISSUED' && nothingReceived && (
              <Button
                variant="danger"
                loading={cancel.isPending}
                onClick={() => {
                  if (window.confirm(`Cancel ${data.number}?`))
                    cancel.mutate(undefined, {
                      onSuccess: () => notify('success', 'Order cancelled.'),
                      onError: (error) => notify('error', errorMessage(error)),
                    });
                }}
              >
                Cancel order
              </Button>
            )}
          </>
        }
      />
      <PurchaseOrderLines order={data} />
      {mayReceive && <GoodsReceiptForm key={data.updated_at} order={data} />}
      <Card title="Invoices">
        <InvoicesList purchaseOrder={data.id} />
      </Card>
      <Card title="Documents">
        <div className="space-y-4">
          <DocumentsList filters={{ purchase_order: data.id }} compact />
          <DocumentUpload purchaseOrderId={data.id} />
        </div>
      </Card>
      <Discussion basePath={`/api/purchase-orders/${data.id}`} what="order" attachTo={{ purchase_order: data.id }} />
    </div>
  );
}
