import type { CSSProperties } from 'react';
import type { PhaseKind } from '../../../../shared/cadence';

/** A phase's colours: the calendar's tokens (styles.css), so a phase looks the same on both pages. */
export function phaseColours(kind: PhaseKind): CSSProperties {
  return {
    borderColor: `var(--phase-${kind}-edge)`,
    background: `var(--phase-${kind}-bg)`,
    color: `var(--phase-${kind}-fg)`,
  };
}
