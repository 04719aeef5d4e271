import { useState } from 'react';
import { Link, useParams } from 'react-router';

import { Button } from '@/components/ui/button';
import { Card, PageHeader } from '@/components/ui/page-header';
import { PageSkeleton } from '@/components/ui/skeleton';
import { Alert, ErrorState, errorMessage } from '@/components/ui/states';
import { StatusBadge } from '@/components/ui/status-badge';
import { Discussion } from '@/features/discussions/components/discussion';
import { DocumentPreview } from '@/features/documents/components/document-preview';
import { useInvoice } from '@/features/invoices/api/get-invoices';
import { useInvoiceAction } from '@/features/invoices/api/invoice-actions';
import { InvoiceCorrectionForm, type CorrectionLookups } from '@/features/invoices/components/invoice-correction-form';
import { InvoiceHistory } from '@/features/invoices/components/invoice-history';
import { InvoiceHolds } from '@/features/invoices/components/invoice-holds';
import { ThreeWayTable } from '@/features/invoices/components/three-way-table';
import { getPurchaseOrderLineOptions } from '@/features/purchase-orders/api/get-purchase-order';
import { searchPurchaseOrders } from '@/features/purchase-orders/api/get-purchase-orders';
import { searchVendors } from '@/features/vendors/api/get-vendors';
import { can } from '@/lib/auth';
import { formatDate, formatMoney } from '@/lib/format';
import { notify } from '@/stores/ui-store';

import { useCurrentUser } from '../use-current-user';

const OPEN = ['RECEIVED', 'MATCHED', 'ON_HOLD'];
const LOOKUPS: CorrectionLookups = {
  searchVendors,
  searchOrders: searchPurchaseOrders,
  orderLines: getPurchaseOrderLineOptions,
};

export default function InvoiceDetailRoute() {
  const id = Number(useParams().id);
  const user = useCurrentUser();
  const invoice = useInvoice(id);
  const approve = useInvoiceAction(id, 'approve');
  const cancel = useInvoiceAction(id, 'cancel');
  const [correcting, setCorrecting] = useState(false);
  if (invoice.isPending) return <PageSkeleton label="Loading the invoice" />;
  if (invoice.isError) return <ErrorState error={invoice.error} onRetry={() => void invoice.refetch()} />;
  const data = invoice.data;
  const clerk = can(user, 'invoice.manage');
  const open = OPEN.includes(data.status);
  const missing = ((data.match_result as { missing?: string[] }).missing ?? []).join(', ');
  const currency = data.currency || 'USD';
  const done = (message: string) => ({
    onSuccess: () => notify('success', message),
    onError: (error: unknown) => notify('error', errorMessage(error)),
  });

  return (
    <div className="space-y-6">
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-3">
            {data.kind === 'credit_note' ? 'Credit note' : 'Invoice'} {data.number || `#${data.id}`}
            <StatusBadge status={data.status} />
          </span>
        }
        description={
          <>
            {data.vendor?.name ?? 'Vendor not read'} · {formatMoney(data.total, currency)} · dated{' '}
            {formatDate(data.invoice_date)} · due {formatDate(data.due_date)}
            {data.payment_terms && ` (${data.payment_terms})`} ·{' '}
            {data.purchase_order ? (
              <Link
                className="text-indigo-700 underline underline-offset-2"
                to={`/purchase-orders/${data.purchase_order.id}`}
              >
                {data.purchase_order.number}
              </Link>
            ) : (
              'no purchase order'
            )}
            {data.document && (
              <>
                {' · '}
                <Link className="text-indigo-700 underline underline-offset-2" to={`/documents/${data.document.id}`}>
                  its document
                </Link>
              </>
            )}
            {data.paid_on &&
              ` · paid ${formatDate(data.paid_on)}${data.payment_reference ? ` (${data.payment_reference})` : ''}`}
          </>
        }
        actions={
          clerk && (
            <>
              {open && !correcting && (
                <Button variant="secondary" onClick={() => setCorrecting(true)}>
                  Correct
                </Button>
              )}
              {data.status === 'MATCHED' && (
                <Button
                  loading={approve.isPending}
                  onClick={() => approve.mutate(undefined, done('Invoice approved.'))}
                >
                  Approve
                </Button>
              )}
              {(open || data.status === 'APPROVED') && (
                <Button
                  variant="danger"
                  loading={cancel.isPending}
                  onClick={() => {
                    if (window.confirm(`Cancel ${data.number || 'this invoice'}? It will not be paid.`))
                      cancel.mutate(undefined, done('Invoice cancelled.'));
                  }}
                >
                  Cancel invoice
                </Button>
              )}
            </>
          )
        }
      />
      {data.match_status === 'pending' && data.status === 'RECEIVED' && missing && (
        <Alert>Not matched yet: {missing} could not be read. Correct the invoice to fill them in.</Alert>
      )}
      <ThreeWayTable invoice={data} />
      <div className={data.document ? 'grid gap-6 xl:grid-cols-2' : 'space-y-6'}>
        <div className="space-y-6">
          {correcting && <InvoiceCorrectionForm invoice={data} lookups={LOOKUPS} onDone={() => setCorrecting(false)} />}
          <InvoiceHolds invoice={data} />
          <Card title="Totals">
            <dl className="grid grid-cols-3 gap-2 text-sm">
              <dt className="text-slate-600">Subtotal</dt>
              <dt className="text-slate-600">Tax</dt>
              <dt className="text-slate-600">Total</dt>
              <dd>{formatMoney(data.subtotal, currency)}</dd>
              <dd>{formatMoney(data.tax, currency)}</dd>
              <dd className="font-semibold">{formatMoney(data.total, currency)}</dd>
            </dl>
          </Card>
        </div>
        {data.document && (
          <DocumentPreview
            documentId={data.document.id}
            contentType={data.document.content_type}
            filename={data.document.original_filename}
          />
        )}
      </div>
      <Discussion basePath={`/api/invoices/${data.id}`} what="invoice" />
      <InvoiceHistory invoiceId={data.id} />
    </div>
  );
}
