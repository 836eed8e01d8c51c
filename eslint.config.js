// `npm run lint` (also run by .ci/run): eslint-plugin-eslint-plugin on the plugin.
// - `rules/`: the ESLint adapter. The plugin finds a rule only by the shape of its file, and
//   ours are built from the core's rule table (`rule-from-definition.ts`), a shape it does not
//   read: the facts it would check there (type, description, docs URL, `fixable`,
//   `hasSuggestions`, messages) are checked by `test/rules/rule-table.test.ts` instead.
// - `test/rules/`: the RuleTester suites, with its `tests-recommended` rules (duplicate or
//   malformed cases, `messageId` over `message`, outputs that equal their input).
import eslintPlugin from "eslint-plugin-eslint-plugin";
import tseslint from "typescript-eslint";

const recommended = eslintPlugin.configs.recommended;
const testsRecommended = eslintPlugin.configs["tests-recommended"];

export default [
  {
    files: ["rules/**/*.ts"],
    languageOptions: { parser: tseslint.parser, sourceType: "module" },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    plugins: recommended.plugins,
    rules: {
      ...recommended.rules,
      // It counts a rule as suggesting only when a `suggest` is written in the rule's own
      // file; ours report through `findingListeners` (rules/file-analysis.ts), so it calls
      // `hasSuggestions: true` wrong. ESLint itself throws when a rule suggests without it.
      "eslint-plugin/require-meta-has-suggestions": "off",
    },
  },
  {
    files: ["test/rules/**/*.ts"],
    languageOptions: { parser: tseslint.parser, sourceType: "module" },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    plugins: testsRecommended.plugins,
    rules: testsRecommended.rules,
  },
];
