#!/usr/bin/env node
// The `harness` command. Registers the TypeScript loader (for ES modules and CommonJS alike, so a plugin file
// outside any package still loads) and hands over to the CLI: the harness and TypeScript plugins run without
// a build step.
import 'tsx';

await import('./cli/main.ts');
