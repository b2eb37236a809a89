/** Task 4-3: find a(n) plant and move it to an answer box (see the find family). */
import { findTask } from './family/find.ts';

export default findTask('4-3', 'plant');
