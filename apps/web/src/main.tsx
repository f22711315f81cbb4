import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { AppLayout } from './screens/AppLayout';
import { ConsensusBoard } from './screens/ConsensusBoard';
import { DocumentList } from './screens/DocumentList';
import { HistoryScreen } from './screens/HistoryScreen';
import { NotFound } from './screens/NotFound';
import { RevisionsScreen } from './screens/RevisionsScreen';
import { SessionProvider } from './session/session-context';
import './styles.css';

const router = createBrowserRouter([
  {
    path: '/',
    element: <AppLayout />,
    children: [
      { index: true, element: <DocumentList /> },
      // The editor (Tiptap, ProseMirror, Yjs) loads with the drafting room only: the list, the board,
      // the revisions and the history open without it.
      {
        path: 'documents/:id',
        lazy: async () => ({ Component: (await import('./screens/DraftingRoom')).DraftingRoom }),
        // What a page opened on the room shows while its chunk arrives.
        HydrateFallback: () => <p className="quiet">Loading…</p>,
      },
      { path: 'documents/:id/consensus', element: <ConsensusBoard /> },
      { path: 'documents/:id/revisions', element: <RevisionsScreen /> },
      { path: 'documents/:id/history', element: <HistoryScreen /> },
      { path: '*', element: <NotFound /> },
    ],
  },
]);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <SessionProvider>
      <RouterProvider router={router} />
    </SessionProvider>
  </StrictMode>,
);
