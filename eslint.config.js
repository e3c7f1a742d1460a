// ESLint flat config: typescript-eslint's type-aware recommended rules over src, test, bench and scripts (npm run lint).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "examples/**", "bin/**", "rules/**", "eslint.config.js"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    files: ["src/**/*.ts", "test/**/*.ts", "bench/**/*.ts", "scripts/**/*.ts"],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // node:test's test()/describe() return promises that its runner awaits itself (551 top-level calls in test/).
      "@typescript-eslint/no-floating-promises": ["error", {
        allowForKnownSafeCalls: [{ from: "package", package: "node:test", name: ["test", "describe", "it", "suite"] }],
      }],
      // 575 of its 579 hits are `!` on indexed reads, written for noUncheckedIndexedAccess (off: 251 reads in checks/ lack it).
      "@typescript-eslint/no-unnecessary-type-assertion": "off",
      // All 13 hits match control characters on purpose, to refuse or mask them in paths, ids and terminal output.
      "no-control-regex": "off",
      // A leading underscore marks a deliberately unused parameter; a key named only to leave it out of a rest copy is used.
      "@typescript-eslint/no-unused-vars": ["error", {
        argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true,
      }],
    },
  },
);
