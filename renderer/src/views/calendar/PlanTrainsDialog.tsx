import { Dialog } from '../../components/Dialog';
import { PlanTrainsForm } from './PlanTrainsForm';

/** "Plan more…" from the toolbar: the empty state's form, in a dialog. */
export function PlanTrainsDialog({ onClose }: { onClose: () => void }) {
  return (
    <Dialog label="Plan trains" variant="modal" onClose={onClose}>
      <div className="modal-body">
        <h2 className="plan-dialog-title">Plan trains</h2>
        <p className="modal-subtitle">
          Adds a train for each free cadence slot from the day you choose. Slots that already have a train, even a
          skipped or moved one, are left as they are.
        </p>
        <PlanTrainsForm
          onPlanned={onClose}
          secondary={
            <button type="button" className="button" onClick={onClose}>
              Close
            </button>
          }
        />
      </div>
    </Dialog>
  );
}
