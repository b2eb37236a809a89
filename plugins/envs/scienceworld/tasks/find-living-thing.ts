/** Task 4-1: find a(n) living thing and move it to an answer box (see the find family). */
import { findTask } from './family/find.ts';

export default findTask('4-1', 'living thing');
