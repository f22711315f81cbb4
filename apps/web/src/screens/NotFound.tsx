import { Link } from 'react-router';

export function NotFound() {
  return (
    <section className="notice">
      <h1>Page not found</h1>
      <p>
        <Link to="/">Back to the documents</Link>
      </p>
    </section>
  );
}
