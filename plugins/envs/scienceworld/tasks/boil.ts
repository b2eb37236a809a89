/** Task 1-1: boil a substance (see the change-of-state family). */
import { changeOfStateTask } from './family/change-of-state.ts';

export default changeOfStateTask('1-1', 'boil');
