/**
 * Where things are: the repository, the built CLI, the shared read-only data. Importing this
 * starts nothing (process.ts spawns; test/structure/e2e-names.test.ts tells them apart).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(REPO_ROOT, 'dist/cli/main.js');
export const SHARED = path.resolve(REPO_ROOT, '../shared');
