import { isRouteErrorResponse, useRouteError } from 'react-router';

import { ErrorState } from '@/components/ui/states';

/** A screen that failed to load (a chunk lost after a deploy) or threw while rendering. */
export function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : error;
  return (
    <div className="p-8">
      <ErrorState
        error={message instanceof Error ? message : new Error(String(message))}
        title="This page could not be shown"
        onRetry={() => window.location.reload()}
      />
    </div>
  );
}
