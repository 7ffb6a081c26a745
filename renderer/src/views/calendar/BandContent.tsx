import { type Day, daysBetween } from '../../../../shared/days';
import type { TrainView } from '../../../../shared/train';
import type { CssVars } from '../../components/css-vars';
import { WarningIcon } from '../../components/icons';
import { BandProgress } from '../rollouts/BandProgress';
import { type PatchDay, PatchMarks, patchTitle, usePatchDays } from '../rollouts/PatchMarks';
import { type ReleaseMark, isInactive, releaseMarks } from './calendar-model';
import { PHASE_KIND_INITIAL, PHASE_KIND_LABEL, STATUS_LABEL, releaseMarkTitle } from './calendar-format';
import { clipParts, labelGap } from './layout';

interface BandContentProps {
  train: TrainView;
  /** The days of the train this band shows (a week row's part, or the whole train). */
  from: Day;
  to: Day;
  /**
   * Pixels per day when known (timeline): phase names then show only where they fit, else their initial.
   * Month bands leave it out: their day columns are wide enough for names.
   */
  dayWidth?: number;
  /** The timeline shows the version in its sticky label column, so its bars leave it out. */
  showVersion?: boolean;
  /** Month view marks release days with test ids (`release-day-<version>-<day>`). */
  testIds?: boolean;
}

/** A release day inside a band, as a fraction of the band's width (its centre). */
function at(from: Day, to: Day, day: Day): number {
  return (daysBetween(from, day) + 0.5) / (daysBetween(from, to) + 1);
}

function markClass(mark: ReleaseMark): string {
  if (mark.actual === null) return 'release-mark is-unplaced';
  return mark.actual === mark.nominal ? 'release-mark' : 'release-mark is-moved';
}

/**
 * The inside of a train band: its phases in their colours and patterns, the
 * version, and the release days (a moved one with a ghost where it was planned).
 * The band itself (a button, positioned by its view) wraps this.
 */
export function BandContent({ train, from, to, dayWidth, showVersion = true, testIds = false }: BandContentProps) {
  const parts = clipParts(train.phases, from, to);
  const inactive = isInactive(train);
  const marks = inactive ? [] : releaseMarks(train);
  const inBand = (day: Day | null): day is Day => day !== null && from <= day && day <= to;
  const total = daysBetween(from, to) + 1;

  const patchDays = usePatchDays(train.id);
  // A release day that is also a patch day: its release mark gets a ring and says the patch too.
  const patchOn = (day: Day) => (inactive ? [] : patchDays.filter((p) => p.wave.date === day));
  const patchClass = (on: readonly PatchDay[]) =>
    on.length === 0
      ? ''
      : on.every((p) => p.wave.progress.finished === p.wave.progress.total)
        ? ' has-patch is-patch-done'
        : ' has-patch';
  // Every day of the band that carries a marker (a release, the ghost of a moved one, a patch wave).
  const markedDays = [
    ...marks.flatMap((m) => [m.actual, m.nominal]),
    ...(inactive ? [] : patchDays.map((p) => p.wave.date)),
  ].filter(inBand);
  const gaps = parts.map((p) =>
    labelGap(
      p.span,
      markedDays.map((d) => daysBetween(p.start, d)),
    ),
  );
  // The version reads best at the band's start, unless a sliver of a phase is all there is room for there.
  const room = (i: number) => (gaps[i]!.to - gaps[i]!.from) * parts[i]!.span;
  const versionAt =
    parts.length === 0 || room(0) >= 1.5 ? 0 : parts.reduce((best, _, i) => (room(i) > room(best) ? i : best), 0);

  return (
    <>
      <span className="band-parts" aria-hidden="true">
        {parts.map((p, i) => {
          const gap = gaps[i]!;
          const roomPx = dayWidth === undefined ? Infinity : room(i) * dayWidth - 16;
          // About 6.5 px a character at 12 px: a name that would be cut to a few letters reads worse than its initial.
          const kindName = PHASE_KIND_LABEL[p.part.kind];
          const label =
            roomPx >= p.part.name.length * 6.5
              ? p.part.name
              : roomPx >= kindName.length * 6.5
                ? kindName
                : roomPx >= 8
                  ? PHASE_KIND_INITIAL[p.part.kind]
                  : '';
          return (
            <span
              key={p.part.key}
              className={`band-part phase-${p.part.kind}`}
              style={{ '--part-span': p.span / total } as CssVars}
            >
              <span
                className={`band-text${gap.from > 0 ? ' after-mark' : ''}${gap.to < 1 ? ' before-mark' : ''}`}
                style={{ '--from': gap.from, '--to': gap.to } as CssVars}
              >
                {i === versionAt && train.conflicts.length > 0 && (
                  <span className="conflict-dot" title={train.conflicts.map((c) => c.message).join('\n')}>
                    <WarningIcon />
                  </span>
                )}
                {i === versionAt && (showVersion || inactive) && (
                  <span className={`band-version${inactive ? ' is-struck' : ''}`}>
                    {train.version}
                    {inactive && <span className="band-state">{STATUS_LABEL[train.status]}</span>}
                  </span>
                )}
                {i === versionAt && showVersion && !inactive && <BandProgress trainId={train.id} />}
                {!inactive && label && <span className="band-phase-name">{label}</span>}
              </span>
            </span>
          );
        })}
      </span>
      {marks.map((mark) => (
        <span key={mark.nominal} className="band-marks">
          {/* Where a moved release was planned: a hollow ghost, so the move is visible at a glance. */}
          {mark.actual !== mark.nominal && inBand(mark.nominal) && (
            <span
              className={mark.actual === null ? 'release-mark is-unplaced' : 'release-mark is-ghost'}
              style={{ '--at': at(from, to, mark.nominal) } as CssVars}
              title={releaseMarkTitle(mark, train.version)}
            />
          )}
          {inBand(mark.actual) && (
            <span
              className={`${markClass(mark)}${patchClass(patchOn(mark.actual))}`}
              style={{ '--at': at(from, to, mark.actual) } as CssVars}
              title={[releaseMarkTitle(mark, train.version), ...patchOn(mark.actual).map(patchTitle)].join('\n')}
              data-testid={testIds ? `release-day-${train.version}-${mark.actual}` : undefined}
            />
          )}
        </span>
      ))}
      {!inactive && (
        <PatchMarks
          days={patchDays}
          from={from}
          to={to}
          testIds={testIds}
          releaseDays={new Set(marks.flatMap((m) => (m.actual === null ? [] : [m.actual])))}
        />
      )}
    </>
  );
}
