import { type KeyboardEvent, useRef, useState } from 'react';
import { dayInZone } from '../../../../shared/days';
import type { BlockedDateRange, Deployment } from '../../../../shared/deployment';
import { FormAlert } from '../../components/FormAlert';
import { PlusIcon } from '../../components/icons';
import { FormSection } from '../../components/FormSection';
import { InputField, LastDayField } from '../../components/InputField';
import { useFleetStore } from '../../stores/fleet';
import { toast } from '../../stores/toasts';
import { useSettingsForm } from '../settings/useSettingsForm';
import {
  BLOCK_FIELDS,
  type BlockField,
  EMPTY_BLOCK,
  plannedNotices,
  rangeSpan,
  sortedRanges,
  validateBlock,
} from './blocked-dates-model';
import { BlockedRangeList } from './BlockedRangeList';
import '../../components/panels.css';
import './eligibility.css';
import { errorMessage } from '../../../../shared/errors';
import { useMayCall } from '../../stores/session';

const FIELD_ID: Record<BlockField, string> = { from: 'block-from', to: 'block-to', reason: 'block-reason' };

function localToday(): string {
  return dayInZone(new Date(), Intl.DateTimeFormat().resolvedOptions().timeZone);
}

/**
 * The days a deployment takes no release, in its drawer: a list with remove buttons
 * and a small form to add a range. Changes are saved at once (like retiring), not
 * with the drawer's Save. It sits inside the deployment form, so it is a group of
 * controls rather than a nested form: Enter in its inputs adds the range.
 */
export function BlockedDatesSection({ deployment }: { deployment: Deployment }) {
  const mayBlock = useMayCall('deployments.block');
  const block = useFleetStore((s) => s.block);
  const unblock = useFleetStore((s) => s.unblock);
  const [today] = useState(localToday);
  const [notices, setNotices] = useState<string[]>([]);
  const [added, setAdded] = useState<number | null>(null);
  const [removingId, setRemovingId] = useState<number | null>(null);
  const [removeError, setRemoveError] = useState<string | null>(null);
  // Messages appear on "Block dates", not on leaving a field: one appearing as the pointer goes
  // down on the button would push the button from under it, and the click would be lost.
  const groupRef = useRef<HTMLElement>(null);
  const form = useSettingsForm({
    root: groupRef,
    initial: EMPTY_BLOCK,
    fields: BLOCK_FIELDS,
    validate: validateBlock,
    fieldId: (field) => FIELD_ID[field],
    validateOnBlur: false,
  });
  const { values, bind } = form;
  const { key } = deployment;
  const ranges = sortedRanges(deployment.blockedDates, today);
  const canAdd = deployment.status === 'active' && !deployment.internal;

  async function add() {
    setNotices([]);
    setRemoveError(null);
    const ok = await form.submit(async (v) => {
      const change = await block({ key, ...v });
      toast(`Blocked ${key} ${rangeSpan(change.range)}`);
      setAdded(change.range.id);
      setNotices(plannedNotices(key, change));
    });
    if (ok) {
      form.reset(EMPTY_BLOCK);
      form.focus('from');
    }
  }

  async function remove(range: BlockedDateRange) {
    const at = ranges.findIndex((r) => r.id === range.id);
    const neighbour = ranges[at + 1] ?? ranges[at - 1];
    setRemovingId(range.id);
    setRemoveError(null);
    setNotices([]);
    try {
      await unblock(key, range.id);
      toast(`Unblocked ${key} ${rangeSpan(range)}`);
      if (neighbour)
        groupRef.current?.querySelector<HTMLElement>(`[data-testid="blocked-range-${neighbour.id}"] button`)?.focus();
      else if (canAdd) form.focus('from');
    } catch (err) {
      setRemoveError(errorMessage(err));
    } finally {
      setRemovingId(null);
    }
  }

  /** Enter would submit the deployment form around this group; here it adds the range instead. */
  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    void add();
  }

  return (
    <FormSection
      ref={groupRef}
      id="blocked"
      title="Blocked dates"
      className="blocked-dates"
      data-testid="blocked-dates"
    >
      <p className="blocked-intro">
        No release goes to {key} on these days: rollout plans use another release day. Changes are saved at once.
      </p>

      <BlockedRangeList
        deploymentKey={key}
        ranges={ranges}
        today={today}
        added={added}
        busy={removingId !== null}
        onRemove={(r) => void remove(r)}
      />
      {removeError && <FormAlert message={removeError} />}
      {notices.length > 0 && (
        <div className="banner banner-warning blocked-notice" aria-live="polite">
          {notices.map((n) => (
            <p key={n}>{n}</p>
          ))}
        </div>
      )}

      {canAdd ? (
        <div
          className="sunken-panel blocked-form"
          role="group"
          aria-label={`Block dates of ${key}`}
          onKeyDown={onKeyDown}
        >
          {form.formError && <FormAlert message={form.formError} />}
          <div className="field-row">
            <InputField name={FIELD_ID.from} label="From" type="date" min={today} {...bind('from')} />
            <LastDayField name={FIELD_ID.to} label="To" min={values.from || today} {...bind('to')} />
          </div>
          <div className="blocked-form-row">
            <InputField
              name={FIELD_ID.reason}
              label="Reason"
              placeholder="e.g. Customer launch week"
              {...bind('reason')}
            />
            <button
              type="button"
              className="button blocked-add"
              disabled={form.saving || !mayBlock.allowed}
              title={mayBlock.reason ?? undefined}
              onClick={() => void add()}
            >
              <PlusIcon />
              Block dates
            </button>
          </div>
        </div>
      ) : (
        <p className="blocked-intro">
          {deployment.internal
            ? 'The internal deployment receives every release first, on the first day of validation: its days cannot be blocked.'
            : 'Retired: it receives no releases. Reactivate it to block dates.'}
        </p>
      )}
    </FormSection>
  );
}
