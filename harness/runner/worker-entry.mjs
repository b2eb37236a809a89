// Entry of a pool worker thread. Loader hooks registered by the main thread do not reach worker threads on
// Node 20, so the worker loads its TypeScript (and, through it, the plugins') with tsx's own import.
import { tsImport } from 'tsx/esm/api';

const { default: runTask } = await tsImport('./worker.ts', import.meta.url);
export default runTask;
