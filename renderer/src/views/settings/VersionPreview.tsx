import { type Day, formatDay } from '../../../../shared/days';
import '../../components/panels.css';
import { TOKEN_HELP, type CadenceValues, previewVersions } from './cadence-model';

/** What each token of a version pattern becomes, beside the pattern. */
export function TokenHelp() {
  return (
    <dl className="token-help" aria-label="Version tokens">
      {TOKEN_HELP.map(({ token, meaning }) => (
        <div key={token} className="token-help-item">
          <dt>
            <code>{token}</code>
          </dt>
          <dd>{meaning}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The next versions from `today` on that the cadence form would give, or why there are none. */
export function VersionPreview({ values, today }: { values: CadenceValues; today: Day }) {
  const preview = previewVersions(values, today);
  return (
    <aside className="sunken-panel version-preview" aria-labelledby="version-preview-title" aria-live="polite">
      <h3 id="version-preview-title" className="version-preview-title">
        Next versions
      </h3>
      {preview ? (
        <>
          <ol className="version-preview-list" data-testid="version-preview">
            {preview.trains.map((t) => (
              <li key={t.start}>
                <span className="version-preview-version">{t.version}</span>
                <span className="version-preview-start">starts {formatDay(t.start, { weekday: true })}</span>
              </li>
            ))}
          </ol>
          <p className="version-preview-note">
            {preview.exampleAnchor
              ? `Example with a first train on ${formatDay(preview.anchorDate, { weekday: true })}; the first plan sets the anchor.`
              : `Counted from the anchor, ${formatDay(preview.anchorDate, { weekday: true })}.`}
          </p>
        </>
      ) : (
        <p className="version-preview-note">Correct the fields to see the versions.</p>
      )}
    </aside>
  );
}
