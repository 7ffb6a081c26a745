import { Dialog } from '../../components/Dialog';
import { CloseIcon, WarningIcon } from '../../components/icons';
import type { TrainConflict } from './calendar-model';
import { plural, shortDay } from './calendar-format';
import './calendar.css';

interface ConflictsDialogProps {
  conflicts: TrainConflict[];
  onOpenTrain: (id: number) => void;
  onClose: () => void;
}

/** Every release day that found no allowed day, with the way to its train. */
export function ConflictsDialog({ conflicts, onOpenTrain, onClose }: ConflictsDialogProps) {
  return (
    <Dialog label="Conflicts" variant="modal" onClose={onClose}>
      <div className="modal-body">
        <div className="modal-heading">
          <span className="modal-icon modal-icon-danger">
            <WarningIcon />
          </span>
          <div>
            <h2>{plural(conflicts.length, 'conflict')}</h2>
            <p className="modal-subtitle">
              These release days have no allowed day left in their phase. Move the train, or change the holiday or
              freeze that blocks them.
            </p>
          </div>
          <button type="button" className="icon-button conflicts-close" aria-label="Close" onClick={onClose}>
            <CloseIcon />
          </button>
        </div>
        <ul className="conflict-list">
          {conflicts.map(({ train, conflict }) => (
            <li key={`${train.id}-${conflict.phaseKey}-${conflict.nominal}`} className="conflict-item">
              <div>
                <p className="conflict-where">
                  {train.version} · planned {shortDay(conflict.nominal)}
                </p>
                <p className="conflict-message">{conflict.message}</p>
              </div>
              <button type="button" className="button" onClick={() => onOpenTrain(train.id)}>
                Open {train.version}
              </button>
            </li>
          ))}
        </ul>
      </div>
    </Dialog>
  );
}
