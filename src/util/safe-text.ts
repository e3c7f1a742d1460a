// Neutralising hostile (email) text before any output: a terminal, a JSON consumer that prints strings,
// a renderer. One definition of what is unsafe, so every output format agrees.
//
// Unsafe: C0 controls except tab and newline (ESC starts terminal escape sequences, CR overwrites the
// line, BEL rings), DEL, C1 controls (U+009B is CSI on terminals that read 8-bit controls) and the bidi
// embedding, override and isolate controls that reorder text for display ("Trojan Source":
// U+202A-202E, U+2066-2069). Each becomes U+FFFD, so the tampering stays visible.
// Kept: LRM/RLM/ALM (U+200E, U+200F, U+061C) and zero-width joiners and spaces. They occur in ordinary
// names and scripts and only set the direction of their neighbours; they cannot reorder a whole line.

export const REPLACEMENT_CHAR = '\ufffd';

const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE_TEST = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Line breaks, including the Unicode line and paragraph separators some viewers break lines at. */
const LINE_BREAKS = /\r\n|\r|\n|\u2028|\u2029/g;

/** True when the text holds a character `stripControls` would replace. */
export function hasUnsafeChars(text: string): boolean {
  return UNSAFE_TEST.test(text);
}

/** Replaces control and bidi-override characters with U+FFFD; tab and newline stay (multi-line text, diff lines). */
export function stripControls(text: string): string {
  return text.replace(UNSAFE, REPLACEMENT_CHAR);
}

/** One safe line: line breaks folded into spaces, then control and bidi characters replaced. */
export function safeOneLine(text: string): string {
  return stripControls(text.replace(LINE_BREAKS, ' '));
}

/** Email-derived text for one line of terminal output (a title, a name, a path, a message-id, a warning). */
export function terminalSafe(text: string): string {
  return safeOneLine(text);
}

/**
 * A JSON.stringify replacer that neutralises every string value and object key. JSON escaping alone
 * is not enough: it leaves C1 and bidi characters raw, and a consumer that prints a decoded string
 * gets the ESC back.
 */
export function safeJsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'string') return stripControls(value);
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).some(hasUnsafeChars)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [stripControls(k), v]));
  }
  return value;
}

/** JSON text of a value with every string neutralised (see safeJsonReplacer); pretty-printed by default. */
export function safeJson(value: unknown, indent = 2): string {
  return JSON.stringify(value, safeJsonReplacer, indent);
}
