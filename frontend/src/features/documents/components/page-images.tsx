import { Card } from '@/components/ui/page-header';
import { Skeleton } from '@/components/ui/skeleton';
import { ErrorState } from '@/components/ui/states';
import { cn } from '@/lib/cn';
import type { DocumentDetail } from '@/types';

import { useObjectUrl } from './use-object-url';
import { usePageImage } from '../api/download-document';

type Evidence = NonNullable<NonNullable<DocumentDetail['extracted_data']>['evidence']>[string];
const PAD = 0.004;

function pageSize(size: ReadonlyArray<number> | null | undefined): [number, number] | null {
  const [width, height] = size ?? [];
  return width && height ? [width, height] : null;
}

export type EvidenceBox = { field: string; label: string; evidence: Evidence; low: boolean };

/** One page image with the boxes of the fields read from it; the focused field's box stands out. */
function PageImage({
  documentId,
  number,
  size,
  boxes,
  focused,
}: {
  documentId: number;
  number: number;
  size: [number, number] | null;
  boxes: EvidenceBox[];
  focused: string | null;
}) {
  const [width, height] = size ?? [1, 1];
  const image = usePageImage(documentId, number);
  const url = useObjectUrl(image.data?.blob);
  if (image.isError) return <ErrorState error={image.error} onRetry={() => void image.refetch()} />;
  if (!url) return <Skeleton className="aspect-[1/1.41] w-full" />;
  return (
    <figure className="relative rounded border border-slate-200" data-testid={`page-${number}`}>
      <img src={url} alt={`Page ${number} of the document`} className="block w-full" />
      {boxes.map(({ field, label, evidence, low }) => {
        const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = (evidence.box ?? []).map((value, index) =>
          // Points (or pixels) from the top left, as fractions of the page.
          index % 2 === 0 ? value / width : value / height,
        );
        const active = field === focused;
        return (
          <span
            key={field}
            data-testid={`evidence-${field}`}
            data-active={active || undefined}
            title={`${label}: read from “${evidence.text}”`}
            className={cn(
              'pointer-events-none absolute rounded-sm border',
              active
                ? 'border-2 border-indigo-600 bg-indigo-400/10'
                : low
                  ? 'border-amber-500/70 bg-amber-300/10'
                  : 'border-emerald-500/40',
            )}
            style={{
              // A little air around the print, so the frame does not cover it.
              left: `${(x0 - PAD) * 100}%`,
              top: `${(y0 - PAD) * 100}%`,
              width: `${(x1 - x0 + 2 * PAD) * 100}%`,
              height: `${(y1 - y0 + 2 * PAD) * 100}%`,
            }}
          />
        );
      })}
      <figcaption className="sr-only">Page {number}</figcaption>
    </figure>
  );
}

/** The pages as the server rendered them, with where each field was read (hover or focus a
 * field to see its box). */
export function PageImages({
  documentId,
  pages,
  pageSizes,
  boxes,
  focused,
}: {
  documentId: number;
  pages: number;
  /** Each page's [width, height] in the unit of the boxes (PDF points, or pixels for an image). */
  pageSizes: ReadonlyArray<ReadonlyArray<number> | null>;
  boxes: EvidenceBox[];
  focused: string | null;
}) {
  return (
    <Card title="Pages">
      <p className="mb-2 text-xs text-slate-500">
        Boxes show where each value was read; amber ones were read with low confidence. Hover or focus a field to find
        it.
      </p>
      <div className="space-y-4">
        {Array.from({ length: pages }, (_, index) => index + 1).map((number) => (
          <PageImage
            key={number}
            documentId={documentId}
            number={number}
            focused={focused}
            size={pageSize(pageSizes[number - 1])}
            boxes={
              pageSize(pageSizes[number - 1])
                ? boxes.filter((box) => box.evidence.page === number && box.evidence.box)
                : []
            }
          />
        ))}
      </div>
    </Card>
  );
}
