import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** The capability folders of src/calls: every folder but the pipeline and the shared flows. */
const CAPABILITIES = readdirSync('./src/calls', { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && !['pipeline', 'flows'].includes(entry.name))
  .map((entry) => entry.name);

/** The layers (CONTRIBUTING.md): each zone names a folder and what it must not import. */
const layers = [
  {
    target: './src/domain',
    from: './src',
    except: ['./domain'],
    message: 'domain/ holds pure rules: it imports nothing of Tessera.',
  },
  {
    target: './src/store',
    from: './src',
    except: ['./store', './domain'],
    message: 'store/ imports only domain/.',
  },
  {
    target: './src/auth',
    from: './src',
    except: ['./auth', './domain', './store', './config.ts', './oidc-providers-config.ts'],
    message: 'auth/ imports only domain/, store/ and the configuration.',
  },
  {
    target: './src/mail',
    from: './src',
    except: ['./mail', './domain', './store', './config.ts'],
    message: 'mail/ imports only domain/, store/ and the configuration.',
  },
  {
    target: './src/events',
    from: './src',
    except: ['./events', './domain', './store', './auth', './config.ts'],
    message: 'events/ imports only domain/, store/, auth/ and the configuration.',
  },
  {
    target: './src/calls',
    from: './src/http',
    message: 'A call knows nothing of HTTP: the pipeline and the routes do.',
  },
  {
    target: './src/calls/pipeline',
    from: './src/calls',
    except: ['./pipeline'],
    message: 'The pipeline, which every call goes through, knows no capability and no shared flow.',
  },
  {
    target: './src/calls/flows',
    from: './src/calls',
    except: ['./pipeline', './flows'],
    message: 'A shared flow imports the pipeline and other flows, never a capability.',
  },
  // A capability imports the pipeline and the shared flows, never another capability: what two
  // of them need belongs in flows/.
  ...CAPABILITIES.map((capability) => ({
    target: `./src/calls/${capability}`,
    from: './src/calls',
    except: ['./pipeline', './flows', `./${capability}`],
    message: `${capability}/ imports pipeline/ and flows/ only: what two capabilities share goes in flows/.`,
  })),
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  importX.flatConfigs.typescript,
  {
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })] },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-console': ['error', { allow: ['warn', 'error'] }],
      'import-x/order': [
        'error',
        {
          groups: ['builtin', 'external', ['internal', 'parent', 'sibling', 'index']],
          alphabetize: { order: 'asc', caseInsensitive: true },
          'newlines-between': 'never',
        },
      ],
      'import-x/no-cycle': 'error',
      'import-x/no-duplicates': 'error',
      'import-x/no-restricted-paths': ['error', { zones: layers }],
    },
  },
  {
    // The console runs in the browser: from the server it takes the call registry's types, the
    // phrase tables (pure data) to say the API's refusals in the console's language, and the list of
    // its own pages (pure data), which the server's fallback reads too.
    files: ['console/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+src/(?!phrases/|http/console-pages\\.js$)',
              allowTypeImports: true,
              message: 'The console imports only types from the server, its phrase tables and the list of its pages.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['bench/**', 'test/**'],
    rules: { 'no-console': 'off' },
  },
);
