/**
 * The API names the field at fault in its message ("PhoneNumber is not a valid phone number");
 * the first of the form's fields so named gets the message, else the whole form does.
 */
export function fieldOfError(details: string, fields: readonly string[]): string | undefined {
  return fields.find((field) => new RegExp(`\\b${field}\\b`).test(details));
}
