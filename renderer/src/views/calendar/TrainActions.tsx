import { type FormEvent, type ReactNode, useRef, useState } from 'react';
import { addDays, isDay } from '../../../../shared/days';
import type { TrainView } from '../../../../shared/train';
import { CheckboxField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { ExactTextField, InputField } from '../../components/InputField';
import { useCalendarStore } from '../../stores/calendar';
import { toast } from '../../stores/toasts';
import { type ActionProblem, unplacedMessage } from './action-errors';
import { longDay, plural } from './calendar-format';
import { useAction } from './use-action';
import { useMayCall } from '../../stores/session';

type ActionId = 'rename' | 'move' | 'skip' | 'cancel';

interface ActionFormProps {
  title: string;
  description: string;
  submitLabel: string;
  danger?: boolean;
  busy: boolean;
  problem: ActionProblem | null;
  /** Fields that show their own errors; any other problem is shown above the form. */
  fieldNames: readonly string[];
  onSubmit: () => void;
  onBack: () => void;
  children: ReactNode;
}

function ActionForm({
  title,
  description,
  submitLabel,
  danger = false,
  busy,
  problem,
  fieldNames,
  onSubmit,
  onBack,
  children,
}: ActionFormProps) {
  const message = unplacedMessage(problem, fieldNames);
  return (
    <form
      className="tile action-form"
      aria-label={title}
      noValidate
      onSubmit={(e: FormEvent<HTMLFormElement>) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <p className="action-form-title">{title}</p>
      <p className="action-form-text">{description}</p>
      {message && <FormAlert message={message} />}
      {children}
      <div className="action-form-buttons">
        <button type="button" className="button" onClick={onBack}>
          Back
        </button>
        <button type="submit" className={`button ${danger ? 'button-danger' : 'button-primary'}`} disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}

/** Rename, move, skip, cancel or reinstate the train; refusals are shown beside the field they concern. */
export function TrainActions({ train }: { train: TrainView }) {
  const mayRename = useMayCall('trains.rename');
  const mayMove = useMayCall('trains.move');
  const maySkip = useMayCall('trains.skip');
  const mayCancel = useMayCall('trains.cancel');
  const mayReinstate = useMayCall('trains.reinstate');
  const mayUndo = useMayCall('audit.undo');
  const store = useCalendarStore.getState;
  const today = useCalendarStore((s) => s.today);
  const [open, setOpen] = useState<ActionId | null>(null);
  const { problem, busy, refuse, run: runAction, clear } = useAction();
  const [version, setVersion] = useState(train.version);
  const [start, setStart] = useState(train.start);
  const [shiftLater, setShiftLater] = useState(false);
  const [reason, setReason] = useState('');
  // The train's revision when the form opened: a change by someone else since is refused, not overwritten.
  const [base, setBase] = useState(train.revision);
  const barRef = useRef<HTMLDivElement>(null);

  function show(action: ActionId | null) {
    setOpen(action);
    clear();
    setVersion(train.version);
    setStart(train.start);
    setShiftLater(false);
    setReason('');
    setBase(train.revision);
    if (action === null) requestAnimationFrame(() => barRef.current?.querySelector('button')?.focus());
  }

  /** Runs an action that answers with its toast, then goes back to the action bar. */
  function run(action: () => Promise<string>) {
    void runAction(async () => {
      toast(await action());
      show(null);
    });
  }

  const inactive = train.state !== 'active';
  const reasonField = (hint: string) => (
    <InputField
      name="train-reason"
      label="Reason"
      error={problem?.fields.reason}
      hint={hint}
      value={reason}
      autoComplete="off"
      maxLength={500}
      focus="mount"
      onChange={setReason}
    />
  );

  if (open === 'rename') {
    return (
      <ActionForm
        title="Rename train"
        description="The version names the train everywhere: calendar, exports and history."
        submitLabel="Rename train"
        busy={busy}
        problem={problem}
        fieldNames={['version']}
        onBack={() => show(null)}
        onSubmit={() =>
          run(async () => {
            const renamed = await store().rename(train.id, version.trim(), base);
            return `Renamed ${train.version} to ${renamed.version}`;
          })
        }
      >
        <ExactTextField
          name="train-version"
          label="Version"
          error={problem?.fields.version}
          value={version}
          mono
          focus="mount"
          onChange={setVersion}
        />
      </ActionForm>
    );
  }

  if (open === 'move') {
    return (
      <ActionForm
        title="Move start"
        description="All phases and release days move with the start; release days then avoid blocked days again."
        submitLabel="Move train"
        busy={busy}
        problem={problem}
        fieldNames={['start', 'shiftLater']}
        onBack={() => show(null)}
        onSubmit={() => {
          if (!isDay(start)) return refuse({ start: 'Choose the new start day.' });
          run(async () => {
            const moved = await store().move(train.id, start, shiftLater, base);
            const others = moved.length - 1;
            return `Moved ${train.version} to start ${longDay(start)}${others > 0 ? `, and ${plural(others, 'later train')}` : ''}`;
          });
        }}
      >
        <InputField
          name="train-start"
          label="New start"
          error={problem?.fields.start}
          type="date"
          value={start}
          min={addDays(today, 1)}
          focus="mount"
          onChange={setStart}
        />
        <CheckboxField
          name="train-shift-later"
          label="Shift later trains too"
          hint="Every later train moves by the same number of days, so the cadence between them is kept."
          checked={shiftLater}
          error={problem?.fields.shiftLater}
          onChange={setShiftLater}
        />
      </ActionForm>
    );
  }

  if (open === 'skip' || open === 'cancel') {
    const skip = open === 'skip';
    return (
      <ActionForm
        title={skip ? 'Skip train' : 'Cancel train'}
        description={
          skip
            ? 'A skipped train keeps its slot on the calendar but releases nothing. You can reinstate it later.'
            : 'A cancelled train stays on the calendar, struck through, and releases nothing. You can reinstate it later.'
        }
        submitLabel={skip ? 'Skip train' : 'Cancel train'}
        danger
        busy={busy}
        problem={problem}
        fieldNames={['reason']}
        onBack={() => show(null)}
        onSubmit={() => {
          if (!reason.trim()) return refuse({ reason: 'A reason is required.' });
          run(async () => {
            await (skip ? store().skip(train.id, reason.trim()) : store().cancel(train.id, reason.trim()));
            return `${skip ? 'Skipped' : 'Cancelled'} ${train.version}`;
          });
        }}
      >
        {reasonField(skip ? 'E.g. "Holiday week: changes ride the next train."' : 'E.g. "Superseded by 2027.02."')}
      </ActionForm>
    );
  }

  // Offer only what the server allows: started trains keep their dates, finished ones their state.
  const started = today >= train.start;
  const finished = today > train.end;
  const note = inactive
    ? null
    : finished
      ? 'It has finished: only its version and notes can change.'
      : started
        ? 'It has started, so it can no longer be moved or skipped; cancel it to stop its releases.'
        : null;
  return (
    <div className="action-bar-wrap">
      {problem && <FormAlert message={problem.message} />}
      <div ref={barRef} className="action-bar" role="group" aria-label="Train actions">
        <button
          type="button"
          className="button"
          disabled={!mayRename.allowed}
          title={mayRename.reason ?? undefined}
          onClick={() => show('rename')}
        >
          Rename
        </button>
        {!inactive && !started && (
          <>
            <button
              type="button"
              className="button"
              disabled={!mayMove.allowed}
              title={mayMove.reason ?? undefined}
              onClick={() => show('move')}
            >
              Move start
            </button>
            <button
              type="button"
              className="button"
              disabled={!maySkip.allowed}
              title={maySkip.reason ?? undefined}
              onClick={() => show('skip')}
            >
              Skip
            </button>
          </>
        )}
        {!inactive && !finished && (
          <button
            type="button"
            className="button button-danger-quiet"
            disabled={!mayCancel.allowed}
            title={mayCancel.reason ?? undefined}
            onClick={() => show('cancel')}
          >
            Cancel train
          </button>
        )}
        {inactive && (
          <button
            type="button"
            className="button button-primary"
            disabled={busy || !mayReinstate.allowed}
            title={mayReinstate.reason ?? undefined}
            onClick={() =>
              run(async () => {
                await store().reinstate(train.id);
                return `Reinstated ${train.version}`;
              })
            }
          >
            Reinstate
          </button>
        )}
        <button
          type="button"
          className="button button-ghost"
          disabled={busy || !mayUndo.allowed}
          title={mayUndo.reason ?? 'Undo the last action on this train; its history says which.'}
          onClick={() => run(() => store().undo(train.id))}
        >
          Undo
        </button>
      </div>
      {note && <p className="action-note">{note}</p>}
    </div>
  );
}
