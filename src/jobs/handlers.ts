// Every kind of background job and the feature code that runs it.
import { runBatchJob } from '../features/notes/batches.service.js';
import { runImportJob } from '../features/roster/roster-import.js';
import type { JobHandlers } from './jobs.js';

export const jobHandlers: JobHandlers = {
  note_batch: runBatchJob,
  roster_import: runImportJob,
};
