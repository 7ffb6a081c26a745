import type { Progress } from '../../../../shared/rollout-steps';
import type { CssVars } from '../../components/css-vars';

interface ProgressBarProps {
  progress: Progress;
  /** Names the bar for assistive technology, e.g. "2027.03 progress" or "Wave 2 progress". */
  label: string;
  /** `compact` leaves the figures out, for a row of many bars. */
  compact?: boolean;
  testId?: string;
}

/** "12 of 40 released" (and "2 skipped" when any were). */
export function progressText(p: Progress): string {
  const skipped = p.skipped > 0 ? `, ${p.skipped} skipped` : '';
  return `${p.released} of ${p.total} released${skipped}`;
}

/** Released (and skipped) out of the total, as a bar with the numbers beside it. */
export function ProgressBar({ progress, label, compact = false, testId }: ProgressBarProps) {
  const { released, skipped, total } = progress;
  const share = (n: number) => (total === 0 ? 0 : n / total);
  return (
    <div
      className={`progress${compact ? ' progress-compact' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={total}
      aria-valuenow={progress.finished}
      aria-valuetext={progressText(progress)}
      title={progressText(progress)}
      data-testid={testId}
    >
      <span className="progress-track" aria-hidden="true">
        <span className="progress-released" style={{ '--share': share(released) } as CssVars} />
        <span className="progress-skipped" style={{ '--share': share(skipped) } as CssVars} />
      </span>
      {!compact && (
        <span className="progress-figure" aria-hidden="true">
          {released}/{total}
        </span>
      )}
    </div>
  );
}
