import { Dialog } from '../../components/Dialog';
import { useFleetStore } from '../../stores/fleet';
import { useUiStore } from '../../stores/ui';
import { DeploymentForm } from './DeploymentForm';

/** The side drawer for adding or editing a deployment, driven by the UI store. */
export function DeploymentPanel() {
  const panel = useUiStore((s) => s.panel);
  const closePanel = useUiStore((s) => s.closePanel);
  const editKey = panel?.mode === 'edit' ? panel.key : null;
  const original = useFleetStore((s) => (editKey ? s.deployments.find((d) => d.key === editKey) : undefined));

  if (!panel || (panel.mode === 'edit' && !original)) return null;
  return (
    <Dialog label={original ? `Edit ${original.key}` : 'Add deployment'} variant="drawer" onClose={closePanel}>
      <DeploymentForm key={original?.key ?? 'new'} {...(original ? { original } : {})} />
    </Dialog>
  );
}
