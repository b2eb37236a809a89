import { describe } from 'vitest';
import { expertSucceedsEverywhere } from './expert-cases.ts';

describe('scienceworld expert (chemistry tasks)', () => {
  expertSucceedsEverywhere(['6-1', '6-2', '6-3']);
});
