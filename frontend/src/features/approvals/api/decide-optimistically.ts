import type { QueryClient } from '@tanstack/react-query';

import { isApiError } from '@/lib/api-client';
import { rootKeys } from '@/lib/query-keys';
import { notify } from '@/stores/ui-store';
import type { InboxPage } from '@/types';

import { approvalKeys } from './get-approvals';

type Snapshot = Array<[readonly unknown[], InboxPage | undefined]>;

/**
 * Approving or rejecting takes the request out of every cached inbox page at once; the
 * snapshot puts it back if the server refuses (409: someone else decided first, or it was
 * cancelled).
 */
export function optimisticDecision(queryClient: QueryClient) {
  return {
    onMutate: async ({ requestId }: { requestId: number }): Promise<{ snapshot: Snapshot }> => {
      await queryClient.cancelQueries({ queryKey: approvalKeys.all });
      const snapshot = queryClient.getQueriesData<InboxPage>({ queryKey: approvalKeys.all });
      for (const [key, page] of snapshot) {
        if (!page) continue;
        const results = page.results.filter((item) => item.purchase_request.id !== requestId);
        queryClient.setQueryData(key, { ...page, results, count: page.count - (page.results.length - results.length) });
      }
      return { snapshot };
    },
    onError: (error: unknown, _variables: unknown, context: { snapshot: Snapshot } | undefined) => {
      for (const [key, page] of context?.snapshot ?? []) queryClient.setQueryData(key, page);
      notify(
        'error',
        isApiError(error, 409)
          ? `This request was already decided or withdrawn: ${error.message}`
          : isApiError(error)
            ? error.message
            : 'The decision could not be saved.',
      );
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: approvalKeys.all });
      void queryClient.invalidateQueries({ queryKey: rootKeys.purchaseRequests });
      void queryClient.invalidateQueries({ queryKey: rootKeys.purchaseOrders });
      void queryClient.invalidateQueries({ queryKey: rootKeys.dashboard });
    },
  };
}
