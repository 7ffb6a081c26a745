import type { ReactNode, SVGProps } from 'react';

// A handful of 16px stroke icons drawn inline: an icon font or package would be
// a network or bundle cost for ten glyphs, and inline SVG keeps the CSP strict.
type IconProps = SVGProps<SVGSVGElement>;

function Svg({ children, ...props }: IconProps) {
  return (
    <svg
      width="16"
      height="16"
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      {...props}
    >
      {children}
    </svg>
  );
}

/** An icon from its strokes: the `d` of its one path, or the elements of a richer drawing. */
function icon(strokes: string | ReactNode) {
  return (p: IconProps) => <Svg {...p}>{typeof strokes === 'string' ? <path d={strokes} /> : strokes}</Svg>;
}

export const PlusIcon = icon('M8 3v10M3 8h10');
export const UploadIcon = icon('M8 10V2.5M5 5.5l3-3 3 3M2.5 10v2.5a1 1 0 0 0 1 1h9a1 1 0 0 0 1-1V10');
export const DownloadIcon = icon('M8 2.5V10M5 7l3 3 3-3M2.5 10v2.5a1 1 0 0 0 1 1h9a1 1 0 0 0 1-1V10');
export const SearchIcon = icon(
  <>
    <circle cx="7" cy="7" r="4.5" />
    <path d="M10.5 10.5 14 14" />
  </>,
);
export const ChevronDownIcon = icon('m4 6 4 4 4-4');
export const ChevronLeftIcon = icon('m10 4-4 4 4 4');
export const ChevronRightIcon = icon('m6 4 4 4-4 4');
export const CloseIcon = icon('M4 4l8 8M12 4l-8 8');
export const CheckIcon = icon('m3.5 8.5 3 3 6-7');
export const WarningIcon = icon(
  <>
    <path d="M8 2 1.5 13.5h13L8 2z" />
    <path d="M8 6.5v3M8 11.5v.01" />
  </>,
);
export const ArrowUpIcon = icon('M8 13V3M4 7l4-4 4 4');
export const ArrowDownIcon = icon('M8 3v10M4 9l4 4 4-4');
export const TrashIcon = icon(
  'M2.5 4.5h11M6.5 4.5V3a1 1 0 0 1 1-1h1a1 1 0 0 1 1 1v1.5M4 4.5l.7 8.6a1 1 0 0 0 1 .9h4.6a1 1 0 0 0 1-.9l.7-8.6',
);
export const ServerStackIcon = icon(
  <>
    <rect x="2" y="2.5" width="12" height="4.5" rx="1" />
    <rect x="2" y="9" width="12" height="4.5" rx="1" />
    <path d="M4.5 4.75h.01M4.5 11.25h.01" />
  </>,
);

export const SortIcon = ({ sorted, ...p }: IconProps & { sorted: 'asc' | 'desc' | null }) => (
  <Svg {...p}>
    {sorted === 'asc' && <path d="m4.5 9.5 3.5-4 3.5 4" />}
    {sorted === 'desc' && <path d="m4.5 6.5 3.5 4 3.5-4" />}
    {sorted === null && <path d="m5 6.5 3-3 3 3M5 9.5l3 3 3-3" />}
  </Svg>
);

/** The product mark: two overlapping trains on a calendar grid. */
export const LogoMark = (p: IconProps) => (
  <svg width="24" height="24" viewBox="0 0 24 24" aria-hidden="true" focusable="false" {...p}>
    <rect x="1" y="1" width="22" height="22" rx="6" className="logo-bg" />
    <rect x="5" y="7" width="9" height="3.5" rx="1.75" className="logo-fg" />
    <rect x="10" y="13.5" width="9" height="3.5" rx="1.75" className="logo-fg logo-fg-soft" />
  </svg>
);
