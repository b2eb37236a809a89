/** Task 1-3: freeze a substance (see the change-of-state family). */
import { changeOfStateTask } from './family/change-of-state.ts';

export default changeOfStateTask('1-3', 'freeze');
