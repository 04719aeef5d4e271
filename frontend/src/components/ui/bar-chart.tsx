export type BarDatum = { label: string; value: number; display: string };

/** A horizontal bar chart in plain HTML: light, responsive and readable by screen readers. */
export function BarChart({ data, title }: { data: BarDatum[]; title: string }) {
  const max = Math.max(...data.map((datum) => datum.value), 0);
  return (
    <figure>
      <figcaption className="sr-only">{title}</figcaption>
      <ul className="space-y-2">
        {data.map((datum) => (
          <li
            key={datum.label}
            className="grid grid-cols-[7rem_1fr_auto] items-center gap-2 text-sm sm:grid-cols-[10rem_1fr_auto]"
          >
            <span className="truncate text-slate-600" title={datum.label}>
              {datum.label}
            </span>
            <span className="h-4 overflow-hidden rounded bg-slate-100" aria-hidden="true">
              <span
                className="block h-full rounded bg-indigo-500"
                style={{ width: max > 0 ? `${(datum.value / max) * 100}%` : '0%' }}
              />
            </span>
            <span className="tabular-nums text-slate-800">{datum.display}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}
