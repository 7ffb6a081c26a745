import {
  type CollisionDetection,
  type KeyboardCoordinateGetter,
  KeyboardSensor,
  PointerSensor,
  type UniqueIdentifier,
  pointerWithin,
  rectIntersection,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import type { ReactNode } from 'react';
import type { PlannedDeployment } from '../../../../shared/contract';
import { type DropVerdict, adjacentWave } from './rollout-move-model';

// The drag-and-drop pieces of the rollout plan (dnd-kit): every customer wave is a drop
// target, every deployment in a wave still to come can be picked up, with the mouse or with
// the keyboard (space to pick up, up and down arrows from wave to wave, space to drop).

function waveTargetId(wave: number): string {
  return `wave-${wave}`;
}

/** The wave number of a drop target's id, or null. */
export function waveOfTarget(id: UniqueIdentifier | null | undefined): number | null {
  const m = /^wave-(\d+)$/.exec(String(id ?? ''));
  return m ? Number(m[1]) : null;
}

/** The mouse picks the wave under the pointer; a keyboard drag has no pointer, so the wave the chip lies in. */
export const collisionDetection: CollisionDetection = (args) =>
  args.pointerCoordinates ? pointerWithin(args) : rectIntersection(args);

/** Below a wave's title and its verdict, so the chip lies inside the wave without hiding why it may (not) go there. */
const KEYBOARD_DROP_OFFSET = 76;

/** Arrow keys move a keyboard drag from wave to wave instead of 25 pixels at a time. */
const waveByWave: KeyboardCoordinateGetter = (event, { context }) => {
  const direction = event.code === 'ArrowDown' ? 1 : event.code === 'ArrowUp' ? -1 : null;
  const { active, collisionRect, droppableRects, droppableContainers, over } = context;
  if (direction === null || !collisionRect) return undefined;
  event.preventDefault();
  const from = waveOfTarget(over?.id) ?? (active?.data.current as { wave?: number } | undefined)?.wave ?? 0;
  const targets = droppableContainers
    .getEnabled()
    .map((c) => waveOfTarget(c.id))
    .filter((w) => w !== null);
  const next = adjacentWave(targets, from, direction);
  const rect = next === null ? undefined : droppableRects.get(waveTargetId(next));
  if (!rect) return undefined;
  const inside = Math.max(0, Math.min(KEYBOARD_DROP_OFFSET, rect.height - collisionRect.height));
  return { x: collisionRect.left, y: rect.top + inside };
};

export function useRolloutSensors() {
  return useSensors(
    // A few pixels of travel before a drag starts, so a click on a chip's buttons stays a click.
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, {
      coordinateGetter: waveByWave,
      keyboardCodes: { start: ['Space', 'Enter'], cancel: ['Escape', 'Tab'], end: ['Space', 'Enter'] },
      scrollBehavior: window.matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth',
    }),
  );
}

function GripIcon() {
  return (
    <svg width="10" height="16" viewBox="0 0 10 16" fill="currentColor" aria-hidden="true" focusable="false">
      {[3, 8, 13].flatMap((y) => [
        <circle key={`l${y}`} cx="3" cy={y} r="1.3" />,
        <circle key={`r${y}`} cx="7" cy={y} r="1.3" />,
      ])}
    </svg>
  );
}

interface DraggableDeploymentProps {
  deployment: PlannedDeployment;
  wave: number;
  /** False for the internal deployment, waves today or past, and while the chip's move form is open. */
  draggable: boolean;
  /** The row, given the drag handle to place in it (null when it cannot be dragged). */
  children: (handle: ReactNode) => ReactNode;
}

/**
 * One deployment in a wave. The whole chip follows the mouse; the keyboard picks it up from
 * its handle, a real button, so the chip's other buttons and fields keep their own keys.
 */
export function DraggableDeployment({ deployment, wave, draggable, children }: DraggableDeploymentProps) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, isDragging } = useDraggable({
    id: deployment.key,
    data: { wave },
    disabled: !draggable,
    attributes: { roleDescription: 'draggable deployment' },
  });
  const handle = draggable ? (
    <button
      ref={setActivatorNodeRef}
      type="button"
      className="rollout-drag-handle"
      {...attributes}
      aria-label={`Drag ${deployment.key} to another wave`}
    >
      <GripIcon />
    </button>
  ) : null;
  return (
    <li
      ref={setNodeRef}
      className={`rollout-deployment${draggable ? ' rollout-deployment-draggable' : ''}${isDragging ? ' rollout-deployment-lifted' : ''}`}
      data-testid={`plan-deployment-${deployment.key}`}
      {...listeners}
    >
      {children(handle)}
    </li>
  );
}

/** The chip that follows the pointer while it is dragged. */
export function DeploymentPreview({ deployment }: { deployment: PlannedDeployment }) {
  return (
    <div className="rollout-drag-preview">
      <span className="rollout-drag-handle" aria-hidden="true">
        <GripIcon />
      </span>
      <p className="rollout-deployment-name">
        <span className="mono rollout-deployment-key">{deployment.key}</span>
        <span>{deployment.name}</span>
        <span className="rollout-deployment-region">{deployment.region}</span>
      </p>
    </div>
  );
}

interface DropWaveProps {
  wave: number;
  /** What dropping the dragged deployment here would do; null when nothing is dragged (and for wave 0). */
  verdict: DropVerdict | null;
  dragging: boolean;
  title: ReactNode;
  /** The wave's list of deployments. */
  children: ReactNode;
}

function verdictLabel(verdict: DropVerdict): string {
  if (verdict.kind === 'current') return 'Its wave now';
  if (verdict.kind === 'allowed') return 'Can move here';
  return `Refused: ${verdict.reason}`;
}

/**
 * A wave as a drop target (customer waves only). While a chip is dragged a veil over the wave's
 * list says whether it may go there, and why not: over the list rather than beside it, so no wave
 * moves under the pointer.
 */
export function DropWave({ wave, verdict, dragging, title, children }: DropWaveProps) {
  const { setNodeRef, isOver } = useDroppable({ id: waveTargetId(wave), disabled: wave === 0 });
  const state = !dragging ? null : (verdict?.kind ?? 'closed');
  return (
    <li
      ref={setNodeRef}
      className={`rollout-wave${state ? ` rollout-wave-drop rollout-wave-drop-${state}` : ''}${isOver && state ? ' rollout-wave-over' : ''}`}
      aria-labelledby={`rollout-wave-${wave}`}
      data-testid={`rollout-wave-${wave}`}
      data-drop={state ?? undefined}
      title={verdict && dragging ? verdictLabel(verdict) : undefined}
    >
      {title}
      <div className="rollout-wave-body">
        {children}
        {verdict && dragging && (
          <div className="rollout-drop-veil" aria-hidden="true">
            <p className="rollout-drop-verdict">{verdictLabel(verdict)}</p>
          </div>
        )}
      </div>
    </li>
  );
}
