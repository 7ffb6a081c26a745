import { PageLoading, PageUnavailable } from './PageState';

interface PageStatusProps {
  /** Of the store behind the page: `loading` until its first answer. */
  status: 'loading' | 'ready' | 'error';
  /** "the fleet": what the page shows, as the messages name it. */
  what: string;
  loadError: string | null;
  onRetry: () => void;
}

/** The page while its data is not there: loading, or a failed load with a retry; nothing once ready. */
export function PageStatus({ status, what, loadError, onRetry }: PageStatusProps) {
  if (status === 'loading') return <PageLoading what={what} />;
  if (status === 'error')
    return <PageUnavailable what={what} message={loadError ?? 'Unknown error.'} onRetry={onRetry} />;
  return null;
}
