import { CloseIcon } from './icons';

/** The cross that closes a panel or dialog. */
export function CloseButton({ onClick }: { onClick: () => void }) {
  return (
    <button type="button" className="icon-button" aria-label="Close" onClick={onClick}>
      <CloseIcon />
    </button>
  );
}
