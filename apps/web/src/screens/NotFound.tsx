import { Link } from 'react-router';
import { SCREEN_HEADING } from '../navigation/focus-screen-heading';
import { useScreenTitle } from '../navigation/use-screen-title';

export function NotFound() {
  useScreenTitle('Page not found');
  return (
    <section className="notice">
      <h1 {...SCREEN_HEADING}>Page not found</h1>
      <p>
        <Link to="/">Back to the documents</Link>
      </p>
    </section>
  );
}
