import { useParams } from 'react-router';
import { useDocumentDetail } from '../api/use-document-detail';
import { DocumentNav } from '../components/DocumentNav';

// TODO: the list of revisions and the redline, once the server has GET /api/documents/:id/revisions and /diff.
export function RevisionsScreen() {
  const { id = '' } = useParams();
  const detail = useDocumentDetail(id);
  const doc = detail.type === 'loaded' ? detail.detail : null;
  return (
    <div className="room">
      <div className="room-bar">
        <DocumentNav id={id} number={doc?.number ?? null} title={doc?.title ?? null} />
      </div>
      <section className="notice">
        <h2>Revisions</h2>
        <p>Revisions cannot be issued on this server yet.</p>
      </section>
    </div>
  );
}
