import { useEffect, useRef, useState } from 'react';
import type { Deployment } from '../../../../shared/deployment';
import { FormAlert } from '../../components/FormAlert';
import { FormSection } from '../../components/FormSection';
import { useFleetStore } from '../../stores/fleet';
import { toast } from '../../stores/toasts';
import { useUiStore } from '../../stores/ui';
import { formatDate } from './format';
import { errorMessage } from '../../../../shared/errors';
import { useMayCall } from '../../stores/session';

/** Retire (after a confirmation) or reactivate the deployment being edited; refusals are shown in place. */
export function LifecycleSection({ deployment }: { deployment: Deployment }) {
  const mayRetire = useMayCall('deployments.retire');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const retire = useFleetStore((s) => s.retire);
  const reactivate = useFleetStore((s) => s.reactivate);
  const closePanel = useUiStore((s) => s.closePanel);
  const highlight = useUiStore((s) => s.highlight);
  const { key } = deployment;
  // Asking and answering swap the buttons under the pointer; focus follows so keyboard users stay in place.
  const actionRef = useRef<HTMLButtonElement>(null);
  const moveFocus = useRef(false);
  useEffect(() => {
    if (!moveFocus.current) return;
    moveFocus.current = false;
    actionRef.current?.focus();
  }, [confirming]);

  function ask(on: boolean) {
    moveFocus.current = true;
    setConfirming(on);
  }

  async function run(action: (key: string) => Promise<Deployment>, done: string) {
    setBusy(true);
    setRefusal(null);
    try {
      await action(key);
      toast(done);
      highlight(key);
      closePanel();
    } catch (err) {
      setBusy(false);
      if (confirming) ask(false);
      setRefusal(errorMessage(err));
    }
  }

  const onReactivate = () => void run(reactivate, `Reactivated ${key}`);
  const onRetire = () => void run(retire, `Retired ${key}`);

  const retired = deployment.status === 'retired';
  return (
    <FormSection id="lifecycle" title={retired ? 'Retired' : 'Retire'} className="lifecycle">
      {retired ? (
        <>
          <p className="lifecycle-text">
            {deployment.retiredAt ? `Retired on ${formatDate(deployment.retiredAt)}.` : 'Retired.'} It receives no
            releases until it is reactivated; its history is kept.
          </p>
          <div className="lifecycle-actions">
            <button
              type="button"
              className="button"
              disabled={busy || !mayRetire.allowed}
              title={mayRetire.reason ?? undefined}
              onClick={onReactivate}
            >
              Reactivate deployment
            </button>
          </div>
        </>
      ) : confirming ? (
        <div className="lifecycle-confirm" role="group" aria-labelledby="retire-question">
          <p id="retire-question" className="lifecycle-text">
            <strong>Retire {key}?</strong> It stops receiving releases and leaves future rollout plans. Its history is
            kept, and you can reactivate it later.
          </p>
          <div className="lifecycle-actions">
            <button type="button" className="button" onClick={() => ask(false)} disabled={busy}>
              Keep active
            </button>
            <button type="button" ref={actionRef} className="button button-danger" disabled={busy} onClick={onRetire}>
              Retire deployment
            </button>
          </div>
        </div>
      ) : (
        <>
          <p className="lifecycle-text">
            Retire a deployment that was shut down. It stops receiving releases; its history is kept.
          </p>
          <div className="lifecycle-actions">
            <button
              ref={actionRef}
              type="button"
              className="button button-danger-quiet"
              disabled={!mayRetire.allowed}
              title={mayRetire.reason ?? undefined}
              onClick={() => ask(true)}
            >
              Retire deployment
            </button>
          </div>
        </>
      )}
      {refusal && <FormAlert message={refusal} />}
    </FormSection>
  );
}
