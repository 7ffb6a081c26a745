import type { CSSProperties } from 'react';
import type { PhaseKind } from '../../../../shared/cadence';

/**
 * A phase's colours: the calendar's tokens (styles.css), so a phase looks the same on both
 * pages. A border takes the text colour unless `edge` asks for the kind's own edge colour.
 */
export function phaseColours(kind: PhaseKind, { edge = false } = {}): CSSProperties {
  return {
    background: `var(--phase-${kind}-bg)`,
    color: `var(--phase-${kind}-fg)`,
    ...(edge ? { borderColor: `var(--phase-${kind}-edge)` } : {}),
  };
}
