/** A message about the whole form, announced to screen readers. */
export function ErrorBanner({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <p className="error banner" role="alert">
      {message}
    </p>
  );
}
