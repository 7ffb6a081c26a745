import type { ReactNode } from 'react';
import type { FleetSummary as Summary } from '../../../../shared/deployment';
import { formatCount } from './format';

interface Stat {
  label: string;
  value: ReactNode;
  detail: string;
  title?: string;
  tone?: 'warning';
}

function statsOf(s: Summary): Stat[] {
  return [
    { label: 'Active', value: formatCount(s.active), detail: 'deployments' },
    { label: 'Retired', value: formatCount(s.retired), detail: 'kept for history' },
    {
      label: 'Regions',
      value: formatCount(s.regions.length),
      detail: s.regions.join(', ') || 'none yet',
      title: s.regions.join(', '),
    },
    { label: 'Time zones', value: formatCount(s.timeZones), detail: 'local release windows' },
    s.internalKey
      ? { label: 'Internal', value: <span className="mono">{s.internalKey}</span>, detail: 'receives releases first' }
      : { label: 'Internal', value: 'None', detail: 'mark one deployment', tone: 'warning' },
    { label: 'Pairing groups', value: formatCount(s.pairingGroups), detail: 'never in one wave' },
    { label: 'Pinned late', value: formatCount(s.pinnedLate), detail: 'last wave only' },
    { label: 'Total weight', value: formatCount(s.totalWeight), detail: 'customers served' },
  ];
}

/** The fleet at a glance; counts are of active deployments unless they say otherwise. */
export function FleetSummary({ summary }: { summary: Summary }) {
  return (
    <dl className="summary" aria-label="Fleet summary">
      {statsOf(summary).map((stat) => (
        <div key={stat.label} className={`stat${stat.tone ? ` stat-${stat.tone}` : ''}`}>
          <dt className="stat-label">{stat.label}</dt>
          <dd className="stat-value">{stat.value}</dd>
          <dd className="stat-detail" title={stat.title}>
            {stat.detail}
          </dd>
        </div>
      ))}
    </dl>
  );
}
