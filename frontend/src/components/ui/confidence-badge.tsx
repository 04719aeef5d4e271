import { cn } from '@/lib/cn';

/** How sure the document reader was of a value (0..1), coloured: green from 90 %, amber from 60 %. */
export function ConfidenceBadge({ value, prefix = '' }: { value: number; prefix?: string }) {
  const percent = Math.round(value * 100);
  return (
    <span
      className={cn(
        'ml-2 rounded px-1.5 py-0.5 text-xs',
        percent >= 90
          ? 'bg-emerald-50 text-emerald-700'
          : percent >= 60
            ? 'bg-amber-50 text-amber-700'
            : 'bg-red-50 text-red-700',
      )}
      title="How sure the document reader was of this value"
    >
      {prefix}
      {percent}%
    </span>
  );
}
