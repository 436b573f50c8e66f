import { useId, useState, type InputHTMLAttributes, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'> {
  label: string;
  name: string;
  value: string;
  error?: string | undefined;
  hint?: string | undefined;
  onChange: (value: string) => void;
}

/** What every field shares: its label, hint and error, tied to the control by id for assistive technology. */
function FieldFrame({
  label,
  error,
  hint,
  control,
}: {
  label: string;
  error: string | undefined;
  hint: string | undefined;
  control: (aria: {
    id: string;
    'aria-invalid': true | undefined;
    'aria-describedby': string | undefined;
  }) => ReactNode;
}) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {control({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })}
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

export function TextField({ label, name, value, error, hint, onChange, ...input }: TextFieldProps) {
  return (
    <FieldFrame
      label={label}
      error={error}
      hint={hint}
      control={(aria) => (
        <input name={name} value={value} onChange={(event) => onChange(event.target.value)} {...aria} {...input} />
      )}
    />
  );
}

/** A password input with a show/hide toggle; paste and password managers work as usual. */
export function PasswordField(props: TextFieldProps & { autoComplete: 'current-password' | 'new-password' }) {
  const { t } = useTranslation();
  const [visible, setVisible] = useState(false);
  return (
    <div className="password-field">
      <TextField {...props} type={visible ? 'text' : 'password'} spellCheck={false} />
      <button type="button" className="link toggle" aria-pressed={visible} onClick={() => setVisible(!visible)}>
        {visible ? t('password.hide') : t('password.show')}
      </button>
    </div>
  );
}

interface SelectFieldProps {
  label: string;
  name: string;
  value: string;
  /** The choices, by value; the empty choice (`none`) clears the field. */
  choices: readonly { value: string; label: string }[];
  none: string;
  error?: string | undefined;
  hint?: string | undefined;
  onChange: (value: string) => void;
}

/** A choice from a list, labelled, hinted and refused as a TextField is. */
export function SelectField({ label, name, value, choices, none, error, hint, onChange }: SelectFieldProps) {
  return (
    <FieldFrame
      label={label}
      error={error}
      hint={hint}
      control={(aria) => (
        <select name={name} value={value} onChange={(event) => onChange(event.target.value)} {...aria}>
          <option value="">{none}</option>
          {choices.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
      )}
    />
  );
}
