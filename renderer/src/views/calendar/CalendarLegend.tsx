import type { ReactNode } from 'react';
import { WarningIcon } from '../../components/icons';
import { PHASE_KIND_LABEL } from './calendar-format';
import './calendar.css';

const PHASES = ['development', 'validation', 'rollout', 'monitoring'] as const;

function Item({ swatch, children }: { swatch: ReactNode; children: ReactNode }) {
  return (
    <li className="legend-item">
      <span className="legend-swatch-box" aria-hidden="true">
        {swatch}
      </span>
      {children}
    </li>
  );
}

/** What each colour, pattern and mark means; the same classes draw the calendar, so they cannot drift apart. */
export function CalendarLegend() {
  return (
    <ul className="calendar-legend" aria-label="Legend">
      {PHASES.map((kind) => (
        <Item key={kind} swatch={<span className={`legend-swatch phase-${kind}`} />}>
          {PHASE_KIND_LABEL[kind]}
        </Item>
      ))}
      <Item swatch={<span className="release-glyph" />}>Release day</Item>
      <Item
        swatch={
          <>
            <span className="release-glyph is-ghost" />
            <span className="release-glyph is-moved" />
          </>
        }
      >
        Moved release day
      </Item>
      <Item swatch={<span className="patch-mark is-legend">P</span>}>Patch day (a ring on a release day)</Item>
      <Item swatch={<span className="legend-swatch legend-holiday" />}>Holiday</Item>
      <Item swatch={<span className="legend-swatch legend-freeze" />}>Freeze</Item>
      <Item swatch={<span className="legend-swatch legend-nonworking" />}>Non-working day</Item>
      <Item swatch={<span className="legend-today" />}>Today</Item>
      <Item
        swatch={
          <span className="conflict-dot">
            <WarningIcon />
          </span>
        }
      >
        Conflict
      </Item>
      <Item swatch={<span className="legend-swatch legend-inactive" />}>Skipped / cancelled</Item>
    </ul>
  );
}
