import { useState } from 'react';
import { DEMO_FLEET } from '../../../../shared/demo-fleet';
import { LogoMark, PlusIcon, ServerStackIcon, UploadIcon } from '../../components/icons';
import { useFleetStore } from '../../stores/fleet';
import { toast } from '../../stores/toasts';
import { useUiStore } from '../../stores/ui';
import { errorMessage } from '../../../../shared/errors';
import { useMayCall } from '../../stores/session';

const DEMO_REGIONS = new Set(DEMO_FLEET.map((d) => d.region)).size;

interface FirstRunProps {
  onImport: () => void;
}

/** Shown while the fleet is empty: what the app is for, and three ways to start. */
export function FirstRun({ onImport }: FirstRunProps) {
  const mayDemo = useMayCall('fleet.loadDemo');
  const mayImport = useMayCall('deployments.importCsv');
  const mayAdd = useMayCall('deployments.create');
  const loadDemo = useFleetStore((s) => s.loadDemo);
  const openAdd = useUiStore((s) => s.openAdd);
  const [loading, setLoading] = useState(false);

  async function startWithDemo() {
    setLoading(true);
    try {
      const report = await loadDemo();
      toast(`Loaded the demo: ${report.created} deployments and ${report.trains} release trains`);
    } catch (err) {
      setLoading(false);
      toast(errorMessage(err), 'error');
    }
  }

  const actions = [
    {
      id: 'demo',
      title: 'Load demo fleet',
      description: `${DEMO_FLEET.length} sample deployments in ${DEMO_REGIONS} regions and a calendar of release trains around today, to explore before you add your own.`,
      icon: <ServerStackIcon />,
      onClick: () => void startWithDemo(),
      may: mayDemo,
      primary: true,
    },
    {
      id: 'import',
      title: 'Import CSV…',
      description: 'Bring your fleet from a spreadsheet: one deployment per row, imported all or nothing.',
      icon: <UploadIcon />,
      onClick: onImport,
      may: mayImport,
      primary: false,
    },
    {
      id: 'add',
      title: 'Add a deployment',
      description: 'Start from scratch and describe your deployments one at a time.',
      icon: <PlusIcon />,
      onClick: openAdd,
      may: mayAdd,
      primary: false,
    },
  ];

  return (
    <section className="first-run" data-testid="first-run" aria-labelledby="first-run-title">
      <div className="first-run-inner">
        <LogoMark className="first-run-logo" width={48} height={48} />
        <h1 id="first-run-title">Welcome to Release Calendar</h1>
        <p className="first-run-lead">
          Plan overlapping two-week release trains and roll each release out to your production deployments in gradual
          waves, in an order that stays fair to every deployment over time.
        </p>
        <p className="first-run-prompt">Start by describing your fleet.</p>
        <ul className="first-run-actions">
          {actions.map((a) => (
            <li key={a.id}>
              <button
                type="button"
                className={`start-card${a.primary ? ' start-card-primary' : ''}`}
                aria-labelledby={`start-${a.id}-title`}
                aria-describedby={`start-${a.id}-description`}
                disabled={loading || !a.may.allowed}
                title={a.may.reason ?? undefined}
                onClick={a.onClick}
              >
                <span className="start-card-icon">{a.icon}</span>
                <span id={`start-${a.id}-title`} className="start-card-title">
                  {a.id === 'demo' && loading ? 'Loading demo fleet…' : a.title}
                </span>
                <span id={`start-${a.id}-description`} className="start-card-description">
                  {a.description}
                </span>
              </button>
            </li>
          ))}
        </ul>
        <p className="first-run-footnote">
          CSV columns: <code>key</code>, <code>name</code>, <code>region</code>, <code>time_zone</code>, and optionally{' '}
          <code>tier</code>, <code>weight</code>, <code>pairing_group</code>, <code>pin_policy</code>,{' '}
          <code>internal</code>, <code>status</code>.
        </p>
      </div>
    </section>
  );
}
