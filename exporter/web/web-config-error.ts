/** A bad web config: the message names the file and the field. Never contains a secret. */
export class WebConfigError extends Error {
  override readonly name = 'WebConfigError';
}
