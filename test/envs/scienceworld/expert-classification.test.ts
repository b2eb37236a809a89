import { describe } from 'vitest';
import { expertSucceedsEverywhere } from './expert-cases.ts';

describe('scienceworld expert (classification tasks)', () => {
  expertSucceedsEverywhere(['4-1', '4-2', '4-3', '4-4']);
});
