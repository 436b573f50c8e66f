import { useTranslation } from 'react-i18next';
import { call, type Output } from '../api/api.js';
import { useLoad } from '../api/use-load.js';
import { en, type Messages } from '../app/locales/en.js';

export type RightDescription = Output<'ReadRights'>['Rights'][number];

/** The platform's rights catalogue, read once per page. */
export function useRights(): RightDescription[] | undefined {
  const { data, error } = useLoad(async (signal) => (await call('ReadRights', {}, { signal })).Rights, []);
  return error ? [] : data;
}

/** OVH's names for the rights seed 002 shows; the others go by their own name. */
export function useRightLabel(): (name: string) => string {
  const { t } = useTranslation();
  return (name) => (hasLabel(name) ? t(`rights.${name}`) : name);
}

function hasLabel(right: string): right is keyof Messages['rights'] {
  return Object.hasOwn(en.rights, right);
}

/**
 * One switch per right. A right the editor does not hold stays as it is (they cannot grant or
 * remove it), and `locked` turns them all off (no one edits their own rights).
 */
export function RightsSwitches({
  rights,
  value,
  held,
  locked,
  onChange,
}: {
  rights: RightDescription[];
  value: string[];
  held: readonly string[];
  locked: boolean;
  onChange: (value: string[]) => void;
}) {
  const { t, i18n } = useTranslation();
  const label = useRightLabel();
  const language = i18n.language === 'fr' ? 'fr' : 'en';
  return (
    <fieldset className="rights">
      <legend>{t('users.rights')}</legend>
      {locked && <p className="hint">{t('users.ownRights')}</p>}
      {rights.map((right) => {
        const on = value.includes(right.Name);
        return (
          <label key={right.Name} className="switch">
            <input
              type="checkbox"
              role="switch"
              name={right.Name}
              checked={on}
              disabled={locked || !held.includes(right.Name)}
              aria-checked={on}
              onChange={() => onChange(on ? value.filter((name) => name !== right.Name) : [...value, right.Name])}
            />
            <span>
              <span className="switch-name">{label(right.Name)}</span>
              <span className="hint">{right.Description[language]}</span>
            </span>
          </label>
        );
      })}
    </fieldset>
  );
}
