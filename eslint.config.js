// `npm run lint` (also run by .ci/run): eslint-plugin-eslint-plugin's recommended
// rules on the ESLint rules. The plugin finds a rule only by the shape of its
// file (CONTRIBUTING.md, "Running the tests", says which shapes it reads).
import eslintPlugin from "eslint-plugin-eslint-plugin";
import tseslint from "typescript-eslint";

const { plugins, rules } = eslintPlugin.configs.recommended;

export default [
  {
    files: ["rules/**/*.ts"],
    languageOptions: { parser: tseslint.parser, sourceType: "module" },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    plugins,
    rules: {
      ...rules,
      // It counts a rule as suggesting only when a `suggest` is written in the rule's own
      // file; ours report through `findingListeners` (rules/file-analysis.ts), so it calls
      // `hasSuggestions: true` wrong. ESLint itself throws when a rule suggests without it.
      "eslint-plugin/require-meta-has-suggestions": "off",
    },
  },
];
