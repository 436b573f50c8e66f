import type { TObject } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { ValueErrorType, type ValueError } from '@sinclair/typebox/errors';
import { ApiError, say, type Localized } from '../../domain/errors.js';
import { pipelineErrors } from './errors.js';

/** `/Filters/UserIds/2` → `Filters.UserIds[2]`: the way a person names a member of the body. */
function fieldName(path: string): string {
  return path
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((name, part) => (/^\d+$/.test(part) ? `${name}[${part}]` : name ? `${name}.${part}` : part), '');
}

const TYPE_NAMES: Partial<Record<ValueErrorType, Localized>> = {
  [ValueErrorType.String]: say('a string', 'une chaîne de caractères'),
  [ValueErrorType.Boolean]: say('a boolean (true or false)', 'un booléen (true ou false)'),
  [ValueErrorType.Integer]: say('a whole number', 'un nombre entier'),
  [ValueErrorType.Number]: say('a number', 'un nombre'),
  [ValueErrorType.Array]: say('a list', 'une liste'),
  [ValueErrorType.Object]: say('an object', 'un objet'),
};

function describe(callName: string, error: ValueError): ApiError {
  const field = fieldName(error.path);
  const schema = error.schema as {
    maxLength?: number;
    minLength?: number;
    maxItems?: number;
    minimum?: number;
    maximum?: number;
    enum?: unknown[];
  };
  const typeName = TYPE_NAMES[error.type];
  if (typeName) {
    return pipelineErrors.InputWrongType({ Field: field, Type: typeName });
  }
  switch (error.type) {
    case ValueErrorType.ObjectAdditionalProperties:
      return pipelineErrors.InputUnknownParameter({ Field: field, Call: callName });
    case ValueErrorType.ObjectRequiredProperty:
      return pipelineErrors.InputRequired({ Field: field });
    case ValueErrorType.StringMaxLength:
      return pipelineErrors.InputTooLong({ Field: field, Max: schema.maxLength ?? 0 });
    case ValueErrorType.StringMinLength:
      return pipelineErrors.InputTooShort({ Field: field, Min: schema.minLength ?? 0 });
    case ValueErrorType.ArrayMaxItems:
      return pipelineErrors.InputTooManyItems({ Field: field, Max: schema.maxItems ?? 0 });
    default:
      return pipelineErrors.InputValueNotAllowed({ Field: field });
  }
}

/** A compiled check of a call's input; `assert` throws an ApiError naming the first wrong field. */
export class InputCheck {
  private readonly check: TypeCheck<TObject>;

  constructor(
    private readonly callName: string,
    schema: TObject,
  ) {
    this.check = TypeCompiler.Compile(schema);
  }

  assert(value: unknown): void {
    if (this.check.Check(value)) {
      checkStrings(value, '');
      return;
    }
    const first = this.check.Errors(value).First();
    throw first ? describe(this.callName, first) : pipelineErrors.InputInvalid();
  }
}

/**
 * One rule for every string of every call, whatever its schema: no NUL (PostgreSQL refuses it,
 * and C code downstream truncates at it) and no unpaired surrogate (it is not text in any
 * encoding). Both engines then answer bad input alike, with a 400 naming the field.
 */
function checkStrings(value: unknown, path: string): void {
  if (typeof value === 'string') {
    if (value.includes('\0') || !value.isWellFormed()) {
      const field = path || 'The request';
      throw pipelineErrors.InputForbiddenCharacter({ Field: field });
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => checkStrings(item, `${path}[${index}]`));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) checkStrings(item, path ? `${path}.${key}` : key);
  }
}
