import { useNavigate } from 'react-router';

import { Button } from '@/components/ui/button';
import { errorMessage } from '@/components/ui/states';
import { isApiError } from '@/lib/api-client';
import { notify } from '@/stores/ui-store';

import { useCreateInvoice } from '../api/invoice-actions';

/** Enters the invoice a read document shows (pre-filled from what was read, matched at once)
 * and opens it, where the clerk sees what was read and corrects it. */
export function CreateInvoiceFromDocument({ documentId }: { documentId: number }) {
  const create = useCreateInvoice();
  const navigate = useNavigate();
  return (
    <Button
      loading={create.isPending}
      onClick={() =>
        create.mutate(
          { document: documentId },
          {
            onSuccess: (invoice) => void navigate(`/invoices/${invoice.id}`),
            onError: (error) =>
              notify(
                'error',
                isApiError(error) && error.code === 'duplicate_invoice'
                  ? `This invoice was entered already: ${error.message}`
                  : errorMessage(error),
              ),
          },
        )
      }
    >
      Create invoice
    </Button>
  );
}
