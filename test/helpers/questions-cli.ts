// Runs the `questions` command in this process on a store, capturing what it prints.
import { Command } from 'commander';
import { registerQuestions } from '../../src/cli/questions-cmd.ts';

export async function runQuestions(dbPath: string, args: string[]): Promise<string> {
  let out = '';
  const program = new Command('mm-review').option('--db <path>').exitOverride().configureOutput({ writeOut: () => {}, writeErr: () => {} });
  registerQuestions(program, { out: (t) => { out += t; }, err: () => {}, isTTY: false }, () => {});
  await program.parseAsync(['--db', dbPath, 'questions', ...args], { from: 'user' });
  return out;
}
