import { useNavigate } from 'react-router';

import { Card, PageHeader } from '@/components/ui/page-header';
import { DocumentUpload } from '@/features/documents/components/document-upload';
import { DocumentsList } from '@/features/documents/components/documents-list';

export default function DocumentsRoute() {
  const navigate = useNavigate();
  return (
    <div className="space-y-6">
      <PageHeader
        title="Documents"
        description="Upload an invoice or a quote: it is read in the background and its fields are extracted."
      />
      <Card title="Upload">
        <DocumentUpload onProcessed={(documentId) => void navigate(`/documents/${documentId}`)} />
      </Card>
      <DocumentsList />
    </div>
  );
}
