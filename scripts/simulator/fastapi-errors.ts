/** Error bodies shaped like FastAPI's, so clients see what the real server sends. */

export interface ValidationErrorBody {
  detail: { type: string; loc: (string | number)[]; msg: string; input: unknown }[];
}

/** FastAPI's 422 for a required field that is missing. */
export function missingField(where: 'header' | 'body' | 'query', field: string, input: unknown = null): ValidationErrorBody {
  return { detail: [{ type: 'missing', loc: [where, field], msg: 'Field required', input }] };
}

/** FastAPI's 422 for a field of the wrong type. */
export function wrongType(where: 'body', field: string, expected: 'string', input: unknown): ValidationErrorBody {
  return { detail: [{ type: `${expected}_type`, loc: [where, field], msg: `Input should be a valid ${expected}`, input }] };
}

/** FastAPI's 422 for a body that is not JSON. */
export function invalidJson(message: string): ValidationErrorBody {
  return { detail: [{ type: 'json_invalid', loc: ['body', 0], msg: `JSON decode error: ${message}`, input: {} }] };
}
