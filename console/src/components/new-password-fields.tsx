import { useTranslation } from 'react-i18next';
import { usePasswordRule } from '../api/password-rule.js';
import { PasswordField } from './fields.js';

interface NewPasswordFieldsProps {
  /** The API's name for the new password, under which its refusals come back. */
  name: string;
  password: string;
  confirmation: string;
  errors: Record<string, string | undefined>;
  onPassword: (value: string) => void;
  onConfirmation: (value: string) => void;
}

/** A new password typed twice, with the rule shown before typing: reset, invitation and change. */
export function NewPasswordFields({
  name,
  password,
  confirmation,
  errors,
  onPassword,
  onConfirmation,
}: NewPasswordFieldsProps) {
  const { t } = useTranslation();
  const rule = usePasswordRule();
  return (
    <>
      <PasswordField
        label={t('password.new')}
        name={name}
        autoComplete="new-password"
        hint={rule.hint}
        value={password}
        error={errors[name]}
        onChange={onPassword}
      />
      <PasswordField
        label={t('password.confirmation')}
        name="Confirmation"
        autoComplete="new-password"
        value={confirmation}
        error={errors.Confirmation}
        onChange={onConfirmation}
      />
    </>
  );
}
