import { type KeyboardEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { CheckIcon } from './icons';

export interface MenuItem {
  id: string;
  label: string;
  description?: string;
  /** Set for single-choice menus (filters): the item becomes a menuitemradio. */
  checked?: boolean;
}

interface MenuProps {
  items: readonly MenuItem[];
  onSelect: (id: string) => void;
  /** Content of the trigger button; its text is the button's accessible name. */
  trigger: ReactNode;
  triggerClassName: string;
  /** An accessible name for icon-only triggers. */
  triggerLabel?: string;
  align?: 'start' | 'end';
}

/**
 * A button that opens a list of choices, with the WAI-ARIA menu button keyboard
 * model: arrows and Home/End move, Enter or Space choose, Escape closes and
 * returns focus to the button, a click outside closes.
 */
export function Menu({ items, onSelect, trigger, triggerClassName, triggerLabel, align = 'start' }: MenuProps) {
  // The index of the item to focus when the menu opens; null while closed.
  const [openAt, setOpenAt] = useState<number | null>(null);
  const open = openAt !== null;
  const rootRef = useRef<HTMLDivElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const itemRefs = useRef<(HTMLButtonElement | null)[]>([]);
  const menuId = useId();
  const triggerId = useId();

  useEffect(() => {
    if (openAt === null) return;
    itemRefs.current[openAt]?.focus();
    const closeOutside = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpenAt(null);
    };
    document.addEventListener('pointerdown', closeOutside);
    return () => document.removeEventListener('pointerdown', closeOutside);
  }, [openAt]);

  function openMenu() {
    setOpenAt(
      Math.max(
        0,
        items.findIndex((i) => i.checked),
      ),
    );
  }

  function close(returnFocus: boolean) {
    setOpenAt(null);
    if (returnFocus) triggerRef.current?.focus();
  }

  function choose(id: string) {
    close(true);
    onSelect(id);
  }

  function moveFocus(event: KeyboardEvent<HTMLDivElement>) {
    const buttons = itemRefs.current.filter((b): b is HTMLButtonElement => b !== null);
    const current = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const last = buttons.length - 1;
    const next: Record<string, number> = {
      ArrowDown: current >= last ? 0 : current + 1,
      ArrowUp: current <= 0 ? last : current - 1,
      Home: 0,
      End: last,
    };
    if (event.key in next) {
      event.preventDefault();
      buttons[next[event.key] ?? 0]?.focus();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close(true);
    } else if (event.key === 'Tab') {
      close(false);
    }
  }

  return (
    <div className="menu-root" ref={rootRef}>
      <button
        ref={triggerRef}
        id={triggerId}
        type="button"
        className={triggerClassName}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-label={triggerLabel}
        onClick={() => (open ? close(false) : openMenu())}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' && !open) {
            event.preventDefault();
            openMenu();
          }
        }}
      >
        {trigger}
      </button>
      {open && (
        <div id={menuId} role="menu" aria-labelledby={triggerId} className={`menu menu-${align}`} onKeyDown={moveFocus}>
          {items.map((item, index) => (
            <button
              key={item.id}
              ref={(el) => {
                itemRefs.current[index] = el;
              }}
              type="button"
              role={item.checked === undefined ? 'menuitem' : 'menuitemradio'}
              aria-checked={item.checked}
              tabIndex={index === openAt ? 0 : -1}
              className="menu-item"
              onClick={() => choose(item.id)}
            >
              {item.checked !== undefined && <span className="menu-item-check">{item.checked && <CheckIcon />}</span>}
              <span className="menu-item-text">
                <span className="menu-item-label">{item.label}</span>
                {item.description && <span className="menu-item-description">{item.description}</span>}
              </span>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
