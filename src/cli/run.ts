// Entry for running the CLI straight from the sources: node --import tsx src/cli/run.ts
import { main } from './main.ts';

process.exitCode = await main(process.argv.slice(2));
