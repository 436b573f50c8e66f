import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** A button to copy `text` to the clipboard (and one to download it as `fileName`, if given), and a word once copied. */
export function KeepText({ text, fileName }: { text: string; fileName?: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<'yes' | 'no'>();
  const copy = () =>
    navigator.clipboard
      .writeText(text)
      .then(() => setCopied('yes'))
      .catch(() => setCopied('no'));
  const download = (name: string) => {
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    link.download = name;
    link.click();
    URL.revokeObjectURL(link.href);
  };
  return (
    <div className="buttons">
      <button type="button" className="secondary" onClick={() => void copy()}>
        {t('common.copy')}
      </button>
      {fileName && (
        <button type="button" className="secondary" onClick={() => download(fileName)}>
          {t('common.download')}
        </button>
      )}
      <span role="status" className="hint">
        {copied === 'yes' ? t('common.copied') : copied === 'no' ? t('common.copyFailed') : ''}
      </span>
    </div>
  );
}
