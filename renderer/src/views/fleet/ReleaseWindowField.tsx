import type { BoundField } from '../../components/InputField';
import { InputField } from '../../components/InputField';
import { isTimeOfDay } from '../../../../shared/release-window';
import { isIanaTimeZone } from '../../../../shared/timezones';
import { releaseWindowLabel } from './format';
import './release-window.css';

interface ReleaseWindowFieldProps {
  start: BoundField<string>;
  end: BoundField<string>;
  /** The deployment's time zone as typed: the window's times are wall-clock times there. */
  zone: string;
}

/**
 * The deployment's local release window: two time boxes, both empty for none. While both
 * hold a window that ends after it starts, the hint reads it back in the deployment's zone.
 */
export function ReleaseWindowField({ start, end, zone }: ReleaseWindowFieldProps) {
  const complete = isTimeOfDay(start.value) && isTimeOfDay(end.value) && end.value > start.value;
  const where = isIanaTimeZone(zone) ? zone : 'the deployment’s time zone';
  const hint = complete
    ? `Releases go out ${releaseWindowLabel({ start: start.value, end: end.value }, where)}; its calendar feed shows each release at these hours.`
    : `Wall-clock hours in ${where}. Leave both empty for all-day releases.`;
  return (
    <fieldset className="field release-window" aria-describedby="release-window-hint">
      <legend className="field-label-row release-window-legend">
        <span className="field-label">Release window (local time)</span>
        <span className="field-optional">Optional</span>
      </legend>
      <div className="field-row">
        <InputField name="releaseWindowStart" label="Starts" type="time" className="input input-mono" {...start} />
        <InputField name="releaseWindowEnd" label="Ends" type="time" className="input input-mono" {...end} />
      </div>
      <p id="release-window-hint" className="field-hint">
        {hint}
      </p>
    </fieldset>
  );
}
