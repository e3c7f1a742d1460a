// Plain-text terminal output: email text must not drive the terminal. The rule lives in util so that
// the CLI printers and every renderer share one definition of what is unsafe.
export { terminalSafe } from '../util/safe-text.ts';
