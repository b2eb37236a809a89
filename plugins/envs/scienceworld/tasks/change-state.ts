/** Task 1-4: change the state of matter of a substance (see the change-of-state family). */
import { changeOfStateTask } from './family/change-of-state.ts';

export default changeOfStateTask('1-4', 'change the state of matter of');
