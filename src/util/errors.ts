/**
 * A problem with what the user gave us (a path, an id, a URL, an unreachable
 * server). The CLI prints its message as one line, without a stack trace.
 */
export class InputError extends Error {
  override name = 'InputError';
}
