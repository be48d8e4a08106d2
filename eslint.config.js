// @ts-check
// ESLint: JavaScript's and typescript-eslint's recommended rules, without type information so that it stays
// fast; formatting (line length included) is prettier's job, so no stylistic rules here.
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";

export default defineConfig(
  {
    ignores: [
      "dist/",
      "out/",
      "node_modules/",
      ".tools/",
      "test/.tmp/",
      "test/golden/**/expected/",
      "docs/",
      "jenkins-shared-library/",
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: "module",
      globals: { process: "readonly", console: "readonly", URL: "readonly" },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // `any` is sometimes the honest type for parsed YAML and HCL in tests; warn, do not fail.
      "@typescript-eslint/no-explicit-any": "warn",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      eqeqeq: ["error", "always", { null: "ignore" }],
      "no-console": "off",
    },
  },
);
