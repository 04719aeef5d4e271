import { useMutation } from '@tanstack/react-query';

import { apiBlob, saveBlob } from '@/lib/api-client';

export async function downloadPurchaseOrderPdf(id: number, number: string) {
  const { blob, filename } = await apiBlob(`/api/purchase-orders/${id}/pdf/`);
  saveBlob(blob, filename ?? `${number}.pdf`);
}

export function useDownloadPurchaseOrderPdf() {
  return useMutation({
    mutationFn: ({ id, number }: { id: number; number: string }) => downloadPurchaseOrderPdf(id, number),
  });
}
