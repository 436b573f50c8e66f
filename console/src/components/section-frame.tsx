import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface SectionFrameProps {
  id: string;
  title: string;
  help?: string;
  editing: boolean;
  onEdit: () => void;
  /** The Edit button's label, when another word fits better (seed 001's "Modify"). */
  editLabel?: string;
  children: ReactNode;
}

/** A titled card with its own Edit button, as in the personal space of seed 001. */
export function SectionFrame({ id, title, help, editing, onEdit, editLabel, children }: SectionFrameProps) {
  const { t } = useTranslation();
  const label = editLabel ?? t('common.edit');
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-section={id}>
      <div className="section-head">
        <h2 id={`${id}-title`}>{title}</h2>
        {!editing && (
          <button type="button" className="secondary" onClick={onEdit} aria-label={`${label} — ${title}`}>
            {label}
          </button>
        )}
      </div>
      {help && <p className="hint">{help}</p>}
      {children}
    </section>
  );
}
