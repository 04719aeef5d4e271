import { Card } from '@/components/ui/page-header';
import { StatusBadge } from '@/components/ui/status-badge';
import { formatMoney } from '@/lib/format';
import type { RouteOutput } from '@/types';

/** The approval route: each approver with their limit and why they are on it; then the checks. */
export function RouteSteps({ route }: { route: RouteOutput }) {
  return (
    <div className="space-y-3 text-sm">
      {route.steps.length > 0 && (
        <ol className="space-y-2">
          {route.steps.map((step) => (
            <li key={step.sequence} className="rounded border border-slate-200 px-3 py-2">
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-medium text-slate-900">
                  {step.sequence}. {step.approver.full_name || step.approver.email}
                </span>
                {step.status && <StatusBadge status={step.status} />}
                <span className="text-xs text-slate-600">
                  approves up to {formatMoney(step.approval_limit, route.base_currency)}
                </span>
              </div>
              <p className="text-xs text-slate-600">
                {step.rule}
                {step.on_behalf_of && ` On behalf of ${step.on_behalf_of.full_name || step.on_behalf_of.email}.`}
              </p>
            </li>
          ))}
        </ol>
      )}
      {route.checks.length > 0 && (
        <ul className="space-y-1">
          {route.checks.map((check) => (
            <li key={check.code} className={check.passes ? 'text-emerald-800' : 'font-medium text-red-700'}>
              <span aria-hidden="true">{check.passes ? '✓ ' : '✗ '}</span>
              {check.message}
            </li>
          ))}
        </ul>
      )}
      {route.problems
        .filter((problem) => !route.checks.some((check) => check.code === problem.code))
        .map((problem) => (
          <p key={problem.code} role="alert" className="font-medium text-red-700">
            {problem.message}
          </p>
        ))}
    </div>
  );
}

export function RoutePreviewCard({
  route,
  title = 'Who will approve',
}: {
  route: RouteOutput | undefined;
  title?: string;
}) {
  if (!route) return null;
  return (
    <Card title={title}>
      <RouteSteps route={route} />
    </Card>
  );
}
