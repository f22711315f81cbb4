import { useParams } from 'react-router';
import { useDocumentDetail } from '../api/use-document-detail';
import { DocumentNav } from '../components/DocumentNav';

// TODO: the matrix of paragraphs × delegations, once the server has GET /api/documents/:id/consensus.
export function ConsensusBoard() {
  const { id = '' } = useParams();
  const detail = useDocumentDetail(id);
  const doc = detail.type === 'loaded' ? detail.detail : null;
  return (
    <div className="room">
      <div className="room-bar">
        <DocumentNav id={id} number={doc?.number ?? null} title={doc?.title ?? null} />
      </div>
      <section className="notice">
        <h2>Consensus board</h2>
        <p>Positions cannot be recorded on this server yet.</p>
      </section>
    </div>
  );
}
