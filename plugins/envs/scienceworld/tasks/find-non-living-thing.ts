/** Task 4-2: find a(n) non-living thing and move it to an answer box (see the find family). */
import { findTask } from './family/find.ts';

export default findTask('4-2', 'non-living thing');
