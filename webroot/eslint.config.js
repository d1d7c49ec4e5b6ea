// Lint for the web app (run by ./run test through scripts/web.sh lint): TypeScript, the rules of
// hooks and accessibility (jsx-a11y); formatting is Prettier's (.prettierrc.json).
import js from '@eslint/js';
import globals from 'globals';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    // The rules of hooks with the React Compiler's (purity, set-state-in-effect, refs, …): reads go
    // through the query cache (lib/query), state that follows a prop is adjusted while rendering.
    rules: { ...reactHooks.configs['recommended-latest'].rules, 'react-hooks/exhaustive-deps': 'error' },
  },
  { files: ['src/**/*.tsx'], ...jsxA11y.flatConfigs.recommended },
  // The browser tests run in Node and hand callbacks to the page (document is the page's).
  { files: ['e2e/**/*.mjs'], languageOptions: { globals: { ...globals.node, ...globals.browser } } },
  { files: ['*.config.{js,ts}'], languageOptions: { globals: globals.node } },
);
