import { Dialog } from '../../components/Dialog';
import { FormAlert } from '../../components/FormAlert';
import { WarningIcon } from '../../components/icons';
import { ModalHeading } from '../../components/ModalHeading';
import { useUiStore } from '../../stores/ui';

interface ImportFailureDialogProps {
  onChooseAnother: () => void;
}

/** Every problem of a refused CSV import, one per line, so the file can be fixed in one pass. */
export function ImportFailureDialog({ onChooseAnother }: ImportFailureDialogProps) {
  const failure = useUiStore((s) => s.importFailure);
  const dismiss = useUiStore((s) => s.dismissImportFailure);
  if (!failure) return null;

  const count = failure.problems.length;
  return (
    <Dialog label="Import failed" variant="modal" role="alertdialog" onClose={dismiss}>
      <div className="modal-body">
        <ModalHeading
          icon={<WarningIcon />}
          title="Nothing was imported"
          subtitle={
            <>
              <span className="file-name">{failure.fileName}</span>
              {count > 0
                ? ` has ${count} problem${count === 1 ? '' : 's'}. The fleet is unchanged: fix the file and import it again.`
                : ' was refused. The fleet is unchanged.'}
            </>
          }
        />
        {count > 0 ? (
          <ul className="problem-list" aria-label="Problems">
            {failure.problems.map((p, i) => (
              <li key={i} className="problem">
                <span className="problem-where">{`${p.line !== undefined ? `Line ${p.line}` : 'File'} · ${p.field}:`}</span>{' '}
                <span className="problem-message">{p.message}</span>
              </li>
            ))}
          </ul>
        ) : (
          <FormAlert message={failure.message} />
        )}
      </div>
      <footer className="modal-footer">
        <button type="button" className="button" onClick={onChooseAnother}>
          Choose another file…
        </button>
        <button type="button" className="button button-primary" data-autofocus onClick={dismiss}>
          Close
        </button>
      </footer>
    </Dialog>
  );
}
