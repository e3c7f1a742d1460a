// What a message-id may not carry, wherever one is read (headers, links in a text).

/**
 * Controls (C0 and C1), format characters (bidi overrides and isolates, zero-width characters), line
 * separators and angle brackets: an id carrying one could show as another id, or rearrange a terminal
 * line or a report around it, so it is no id (the header parser gives such a message a synthetic one).
 */
export const UNSAFE_IN_ID = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}<>]/u;
