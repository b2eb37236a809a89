/** Task 4-4: find a(n) animal and move it to an answer box (see the find family). */
import { findTask } from './family/find.ts';

export default findTask('4-4', 'animal');
