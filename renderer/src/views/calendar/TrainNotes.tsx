import { useRef, useState } from 'react';
import Markdown, { type Components } from 'react-markdown';
import { NOTES_MAX, type TrainView } from '../../../../shared/train';
import { Field } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { useCalendarStore } from '../../stores/calendar';
import { toast } from '../../stores/toasts';
import { unplacedMessage } from './action-errors';
import { useAction } from './use-action';
import { useMayCall } from '../../stores/session';

// Links in notes leave the app window: the main process routes new windows through its allow-list.
const MARKDOWN_COMPONENTS: Components = {
  a: ({ node: _node, ...props }) => <a {...props} target="_blank" rel="noreferrer" />,
};

/** Release notes as markdown (rendered to React elements, no innerHTML, so the CSP holds), edited in place. */
export function TrainNotes({ train }: { train: TrainView }) {
  const mayEdit = useMayCall('trains.setNotes');
  const setNotes = useCalendarStore((s) => s.setNotes);
  const [draft, setDraft] = useState<string | null>(null);
  // The train's revision when the editing began: someone else's edit since is refused, not overwritten.
  const [base, setBase] = useState(train.revision);
  const { problem, busy: saving, run } = useAction();
  const editRef = useRef<HTMLButtonElement>(null);

  function save(notes: string) {
    void run(async () => {
      await setNotes(train.id, notes, base);
      toast(`Saved the release notes of ${train.version}`);
      setDraft(null);
      // The textarea is gone; put focus back where the edit began.
      requestAnimationFrame(() => editRef.current?.focus());
    });
  }

  if (draft === null) {
    return (
      <div className="notes">
        {train.notes.trim() ? (
          <div className="markdown">
            <Markdown components={MARKDOWN_COMPONENTS}>{train.notes}</Markdown>
          </div>
        ) : (
          <p className="notes-empty">No release notes yet.</p>
        )}
        <div>
          <button
            ref={editRef}
            type="button"
            className="button"
            disabled={!mayEdit.allowed}
            title={mayEdit.reason ?? undefined}
            onClick={() => {
              setBase(train.revision);
              setDraft(train.notes);
            }}
          >
            Edit notes
          </button>
        </div>
      </div>
    );
  }

  const formMessage = unplacedMessage(problem, ['notes']);
  return (
    <form
      className="notes"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        save(draft);
      }}
    >
      {formMessage && <FormAlert message={formMessage} />}
      <Field
        name="train-notes"
        label="Release notes"
        error={problem?.fields.notes}
        hint={`Markdown: **bold**, *italic*, - lists, [links](https://…). ${draft.length.toLocaleString('en-US')} of ${NOTES_MAX.toLocaleString('en-US')} characters.`}
      >
        {(control) => (
          <textarea
            {...control}
            className="input notes-input"
            value={draft}
            rows={10}
            autoFocus
            onChange={(e) => setDraft(e.target.value)}
          />
        )}
      </Field>
      <div className="notes-actions">
        <button type="button" className="button" onClick={() => setDraft(null)}>
          Discard edits
        </button>
        <button type="submit" className="button button-primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save notes'}
        </button>
      </div>
    </form>
  );
}
