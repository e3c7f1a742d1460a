// Entry for running the CLI: compiled (node dist/cli/run.js, as the benches do: the same start as the
// installed command, see cli/launch.ts) or straight from the sources: node --import tsx src/cli/run.ts
import { launch } from './launch.ts';

process.exitCode = await launch(process.argv.slice(2), import.meta.url);
