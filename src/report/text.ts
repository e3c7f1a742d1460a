// Escaping for plain-text terminal output: email text must not drive the terminal.

/** Removes control characters (escape sequences, carriage returns) except tab. */
export function terminalSafe(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '?').replace(/\n/g, ' ');
}
