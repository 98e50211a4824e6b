export function NotFoundPage({ path }: { path: string }) {
  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title">Page not found</h1>
      <div className="card">
        <p>
          There is no page at <code>{path}</code>.
        </p>
        <p>
          Addresses look like <code>#/prosumer/ID</code> or <code>#/consumer/ID/2022-01</code>.{' '}
          <a href="#/">Back to the overview</a>.
        </p>
      </div>
    </section>
  );
}

export function UnauthorizedPage() {
  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title">Access link needed</h1>
      <div className="card status-error" role="alert">
        <p>
          This page needs the link printed by <code>energy-ledger serve</code> (with its token).
        </p>
        <p className="muted">
          Open that link exactly as printed, for example <code>http://127.0.0.1:PORT/#token=…</code>. The
          token stays in this browser tab only; a new tab or a restarted server needs the link again.
        </p>
      </div>
    </section>
  );
}
