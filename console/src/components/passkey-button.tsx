import { useId, type ReactNode } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { onLocalhost, passkeysUnavailable } from '../api/passkeys.js';

interface PasskeyButtonProps {
  children: ReactNode;
  onClick?: () => void;
  type?: 'button' | 'submit';
  className?: string | undefined;
  disabled?: boolean;
}

/**
 * A button that starts a passkey ceremony, or, where this page cannot use passkeys (an IP
 * address, plain http on a name), the same button disabled with the reason and the way out.
 */
export function PasskeyButton({ children, onClick, type = 'button', className, disabled }: PasskeyButtonProps) {
  const { t } = useTranslation();
  const hint = useId();
  const unavailable = passkeysUnavailable();
  if (!unavailable) {
    return (
      <button type={type} className={className} disabled={disabled} onClick={onClick}>
        {children}
      </button>
    );
  }
  const localhost = onLocalhost();
  return (
    <>
      <button type="button" className={className} disabled aria-describedby={hint}>
        {children}
      </button>
      <p className="hint" id={hint}>
        {localhost ? (
          <Trans i18nKey="passkeys.unavailable.loopback" components={{ go: <a href={localhost} /> }} />
        ) : (
          t(`passkeys.unavailable.${unavailable}`)
        )}
      </p>
    </>
  );
}
