import { useTranslation } from 'react-i18next';
import { TwoStepSection } from './two-step-section.js';

/** What a user sees first when their account requires a second factor they do not have yet. */
export function EnrolmentRequired({ onEnrolled }: { onEnrolled: () => Promise<void> }) {
  const { t } = useTranslation();
  return (
    <div className="space">
      <h1>{t('twoStep.requiredTitle')}</h1>
      <p>{t('twoStep.requiredIntro')}</p>
      <TwoStepSection onEnabled={onEnrolled} />
    </div>
  );
}
