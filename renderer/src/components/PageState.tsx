// The whole-page states every view shares: loading, and a failed load with a retry.

export function PageLoading({ what }: { what: string }) {
  return (
    <div className="page-state" aria-busy="true">
      <span className="spinner" aria-hidden="true" />
      <p>Loading {what}…</p>
    </div>
  );
}

export function PageUnavailable({ what, message, onRetry }: { what: string; message: string; onRetry: () => void }) {
  return (
    <div className="page-state">
      <div className="page-state-card" role="alert">
        <h1>{what[0]!.toUpperCase() + what.slice(1)} could not be loaded</h1>
        <p>{message}</p>
        <button type="button" className="button button-primary" onClick={onRetry}>
          Try again
        </button>
      </div>
    </div>
  );
}
