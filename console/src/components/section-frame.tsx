import { useEffect, useId, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface SectionFrameProps {
  id: string;
  title: string;
  help?: string;
  editing: boolean;
  onEdit: () => void;
  /** The Edit button's label, when another word fits better (seed 001's "Modify"). */
  editLabel?: string;
  /** The last edit was saved: said once the form closes. */
  saved?: boolean;
  children: ReactNode;
}

/** A titled card with its own Edit button, as in the personal space of seed 001. */
export function SectionFrame({ id, title, help, editing, onEdit, editLabel, saved, children }: SectionFrameProps) {
  const { t } = useTranslation();
  const label = editLabel ?? t('common.edit');
  const section = useRef<HTMLElement>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(editing);
  // Focus follows the work: into the form when it opens, back to Edit when it closes.
  useEffect(() => {
    if (editing && !wasEditing.current) section.current?.querySelector<HTMLElement>('input, select, textarea')?.focus();
    if (!editing && wasEditing.current) editButton.current?.focus();
    wasEditing.current = editing;
  }, [editing]);
  return (
    <section ref={section} className="card" aria-labelledby={`${id}-title`} data-section={id}>
      <div className="section-head">
        <h2 id={`${id}-title`}>{title}</h2>
        {!editing && (
          <button
            ref={editButton}
            type="button"
            className="secondary"
            onClick={onEdit}
            aria-label={`${label} — ${title}`}
          >
            {label}
          </button>
        )}
      </div>
      {help && <p className="hint">{help}</p>}
      {saved && !editing && (
        <p role="status" className="notice">
          {t('space.saved')}
        </p>
      )}
      {children}
    </section>
  );
}

// The section saved last, of all the page's: only it says "Saved.", so that notices do not pile up.
let savedLast: string | undefined;
const listeners = new Set<() => void>();
function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
function markSaved(section: string | undefined) {
  savedLast = section;
  for (const listener of listeners) listener();
}

/** A section's state: viewing, editing, or viewing what was just saved (then said so, until another section saves). */
export function useEditing(startEditing = false) {
  const section = useId();
  const [editing, setEditing] = useState(startEditing);
  const last = useSyncExternalStore(subscribe, () => savedLast);
  return {
    editing,
    saved: !editing && last === section,
    open: () => {
      if (savedLast === section) markSaved(undefined);
      setEditing(true);
    },
    close: (saved = false) => {
      if (saved) markSaved(section);
      setEditing(false);
    },
  };
}
