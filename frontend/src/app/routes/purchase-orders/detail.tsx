import { useState } from 'react';
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
import { useDownloadPurchaseOrderPdf } from '@/features/purchase-orders/api/download-purchase-order-pdf';
import { usePurchaseOrder } from '@/features/purchase-orders/api/get-purchase-order';
import { CancelOrder } from '@/features/purchase-orders/components/cancel-order';
import { GoodsReceiptForm } from '@/features/purchase-orders/components/goods-receipt-form';
import { OrderEditor } from '@/features/purchase-orders/components/order-editor';
import { PurchaseOrderLines } from '@/features/purchase-orders/components/purchase-order-lines';
import { ReceiptHistory } from '@/features/purchase-orders/components/receipt-history';
import { ReturnGoodsForm } from '@/features/purchase-orders/components/return-goods-form';
import { RevisionsList } from '@/features/purchase-orders/components/revisions-list';
import { can } from '@/lib/auth';
import { formatDate, formatDateTime, formatMoney } from '@/lib/format';
import { notify } from '@/stores/ui-store';

import { useCurrentUser } from '../use-current-user';

export default function PurchaseOrderDetailRoute() {
  const id = Number(useParams().id);
  const user = useCurrentUser();
  const order = usePurchaseOrder(id);
  const [panel, setPanel] = useState<'amend' | 'return' | null>(null);
  const pdf = useDownloadPurchaseOrderPdf();
  if (order.isPending) return <PageSkeleton label="Loading the order" />;
  if (order.isError) return <ErrorState error={order.error} onRetry={() => void order.refetch()} />;
  const data = order.data;
  const open = data.status === 'ISSUED' || data.status === 'PARTIALLY_RECEIVED';
  const procurement = can(user, 'purchase_order.manage');
  const mayReceive = open && (procurement || data.purchase_request.requester.id === user.id);
  const mayReturn =
    (open || data.status === 'RECEIVED') && (procurement || data.purchase_request.requester.id === user.id);
  const terms = [
    data.expected_delivery && `delivery expected ${formatDate(data.expected_delivery)}`,
    data.payment_terms,
    data.incoterms,
  ].filter(Boolean);

  return (
    <div className="space-y-6">
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-3">
            {data.label} <StatusBadge status={data.status} />
          </span>
        }
        description={
          <>
            {data.vendor.name} · {formatMoney(data.total, data.currency)}
            {Number(data.tax_total) > 0 && ` + ${formatMoney(data.tax_total, data.currency)} tax`} ·{' '}
            {data.issued_at ? `issued ${formatDateTime(data.issued_at)}` : 'draft, not sent yet'} · for{' '}
            <Link
              className="text-indigo-700 underline underline-offset-2"
              to={`/purchase-requests/${data.purchase_request.id}`}
            >
              {data.purchase_request.number}
            </Link>
            {terms.length > 0 && <> · {terms.join(' · ')}</>}
            {data.cancel_reason && (
              <>
                {' '}
                · {data.status === 'CLOSED' ? 'short-closed' : 'cancelled'}: {data.cancel_reason}
              </>
            )}
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
            {procurement && open && (
              <Button
                variant="secondary"
                aria-expanded={panel === 'amend'}
                onClick={() => setPanel(panel === 'amend' ? null : 'amend')}
              >
                Amend order
              </Button>
            )}
            {mayReturn && data.receipts.length > 0 && (
              <Button
                variant="secondary"
                aria-expanded={panel === 'return'}
                onClick={() => setPanel(panel === 'return' ? null : 'return')}
              >
                Return goods
              </Button>
            )}
            {procurement && (open || data.status === 'DRAFT') && <CancelOrder key={data.updated_at} order={data} />}
          </>
        }
      />
      {procurement && data.status === 'DRAFT' && <OrderEditor key={data.updated_at} order={data} mode="draft" />}
      <PurchaseOrderLines order={data} />
      {mayReceive && <GoodsReceiptForm key={data.updated_at} order={data} />}
      {data.status !== 'DRAFT' && <ReceiptHistory receipts={data.receipts} />}
      <RevisionsList order={data} />
      {procurement && open && panel === 'amend' && (
        <OrderEditor key={`revise-${data.updated_at}`} order={data} mode="revision" />
      )}
      {mayReturn && panel === 'return' && <ReturnGoodsForm key={`return-${data.updated_at}`} order={data} />}
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
