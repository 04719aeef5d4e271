import { cn } from '@/lib/cn';

export function ProgressBar({
  value,
  label,
  tone = 'indigo',
}: {
  value: number;
  label: string;
  tone?: 'indigo' | 'emerald' | 'red';
}) {
  const clamped = Math.max(0, Math.min(100, Math.round(value)));
  const color = { indigo: 'bg-indigo-600', emerald: 'bg-emerald-600', red: 'bg-red-600' }[tone];
  return (
    <div>
      <div className="mb-1 flex justify-between text-sm text-slate-700">
        <span>{label}</span>
        <span>{clamped}%</span>
      </div>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={clamped}
        className="h-2.5 w-full overflow-hidden rounded-full bg-slate-200"
      >
        <div
          className={cn('h-full rounded-full transition-[width] duration-500', color)}
          style={{ width: `${clamped}%` }}
        />
      </div>
    </div>
  );
}
