import { Link } from 'react-router';

import { EmptyState } from '@/components/ui/states';

export function Forbidden() {
  return (
    <EmptyState
      title="You do not have access to this page"
      action={
        <Link to="/" className="text-indigo-700 hover:underline">
          Back to the dashboard
        </Link>
      }
    >
      Ask an administrator if you need it.
    </EmptyState>
  );
}

export default function NotFoundRoute() {
  return (
    <EmptyState
      title="Page not found"
      action={
        <Link to="/" className="text-indigo-700 hover:underline">
          Back to the dashboard
        </Link>
      }
    >
      The address may be mistyped, or the page has moved.
    </EmptyState>
  );
}
