import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';

interface MenuItem {
  label: string;
  onSelect: () => void;
  /** The page the person is on. */
  current?: boolean;
  /** The item's language, when it differs from the page's (a language's own name). */
  lang?: string;
}

interface MenuButtonProps {
  /** What the button shows. */
  children: ReactNode;
  /** Its accessible name, when what it shows is not one ("…"). */
  label?: string;
  className?: string;
  items: (MenuItem | false | undefined)[];
  /** Above the items, not an item: who is signed in, say. */
  heading?: ReactNode;
}

/**
 * A button that opens a menu in the browser's top layer (a popover), so that no table, card or
 * scrolling box clips it. Escape and a click elsewhere close it; arrow keys move between items.
 */
export function MenuButton({ children, label, className = 'secondary', items, heading }: MenuButtonProps) {
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const actions = items.filter((item): item is MenuItem => Boolean(item));

  useEffect(() => {
    const popover = menu.current;
    if (!popover) return undefined;
    // Under the button, right edges aligned, or above it when the button is low on the screen;
    // placed again while the page scrolls or resizes, so that it stays by its button.
    const place = () => {
      if (!button.current) return;
      const box = button.current.getBoundingClientRect();
      const below = box.bottom < window.innerHeight * 0.6;
      popover.style.right = `${Math.max(8, document.documentElement.clientWidth - box.right)}px`;
      popover.style.top = below ? `${box.bottom + 4}px` : 'auto';
      popover.style.bottom = below ? 'auto' : `${window.innerHeight - box.top + 4}px`;
    };
    const beforeToggle = (event: Event) => {
      const opening = (event as ToggleEvent).newState === 'open';
      button.current?.setAttribute('aria-expanded', String(opening));
      if (opening) {
        place();
        window.addEventListener('scroll', place, true);
        window.addEventListener('resize', place);
      } else {
        window.removeEventListener('scroll', place, true);
        window.removeEventListener('resize', place);
      }
    };
    const focusFirst = (event: Event) => {
      if ((event as ToggleEvent).newState === 'open') popover.querySelector<HTMLElement>('[role=menuitem]')?.focus();
    };
    popover.addEventListener('beforetoggle', beforeToggle);
    popover.addEventListener('toggle', focusFirst);
    return () => {
      popover.removeEventListener('beforetoggle', beforeToggle);
      popover.removeEventListener('toggle', focusFirst);
      window.removeEventListener('scroll', place, true);
      window.removeEventListener('resize', place);
    };
  }, []);

  const select = (item: MenuItem) => {
    menu.current?.hidePopover();
    button.current?.focus();
    item.onSelect();
  };
  const move = (event: KeyboardEvent<HTMLDivElement>) => {
    const entries = [...(menu.current?.querySelectorAll<HTMLElement>('[role=menuitem]') ?? [])];
    const at = entries.indexOf(document.activeElement as HTMLElement);
    const next = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: entries.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    entries[(next + entries.length) % entries.length]?.focus();
  };

  return (
    <>
      <button
        ref={button}
        type="button"
        className={className}
        popoverTarget={id}
        aria-haspopup="menu"
        aria-expanded="false"
        aria-label={label}
      >
        {children}
      </button>
      <div ref={menu} id={id} popover="auto" className="popup" onKeyDown={move}>
        {heading && <div className="popup-heading">{heading}</div>}
        <ul role="menu" aria-label={label} className="plain">
          {actions.map((item) => (
            <li key={item.label} role="none">
              <button
                type="button"
                role="menuitem"
                className="link"
                aria-current={item.current ? 'page' : undefined}
                lang={item.lang}
                onClick={() => select(item)}
              >
                {item.label}
              </button>
            </li>
          ))}
        </ul>
      </div>
    </>
  );
}
