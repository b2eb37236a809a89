/** Task 1-2: melt a substance (see the change-of-state family). */
import { changeOfStateTask } from './family/change-of-state.ts';

export default changeOfStateTask('1-2', 'melt');
