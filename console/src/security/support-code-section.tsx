import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, type Output } from '../api/api.js';
import { useAction } from '../api/use-action.js';
import { eventWhen } from '../audit/event-words.js';
import { ErrorBanner } from '../components/error-banner.js';
import { KeepText } from '../components/keep-text.js';

/** A code the person reads to the platform's support, who checks it and so knows who calls. */
export function SupportCodeSection() {
  const { t, i18n } = useTranslation();
  const [code, setCode] = useState<Output<'CreateSupportCode'>>();
  const { errors, busy, run } = useAction();
  const create = () => run(async () => setCode(await call('CreateSupportCode', {})));
  return (
    <section className="card" aria-labelledby="support-title" data-section="support-code">
      <h2 id="support-title">{t('support.section')}</h2>
      <p className="hint">{t('support.help')}</p>
      <ErrorBanner message={errors.form} />
      {code && (
        <div role="status">
          <p>{t('support.code')}</p>
          {/* On a line of its own, large, to read out; copied whole for a chat with support. */}
          <p className="support-code">{code.Code}</p>
          <KeepText text={code.Code} />
          <p className="hint">{t('support.until', { when: eventWhen(code.ExpirationDate, i18n.language) })}</p>
        </div>
      )}
      <button type="button" onClick={() => void create()} disabled={busy}>
        {t('support.create')}
      </button>
    </section>
  );
}
