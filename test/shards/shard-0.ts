// Shard 0 of 2 of the test suite (see plan.ts): its test files, imported into this one process.
import { shardFiles, SHARDS } from './plan.ts';

for (const file of shardFiles(0, SHARDS)) await import(file);
