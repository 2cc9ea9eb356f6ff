// Piscina worker: builds one order per task. Everything it needs comes in the task; it writes its
// outputs to temporary files (its STL handed over in shared memory: stlSlots.ts) and returns a small
// result naming them: the main thread writes the STL, flushes them and puts them in place (all or
// none), schedules and reports.
import { readRegularFilesOnly } from '../io.js';
import { runOrder, type OrderTask } from './order.js';

// An order's files are regular files: a FIFO or a device named `*.json` in a batch folder (or in a
// manifest) is that order's invalid input, never opened for a read that could block this thread.
readRegularFilesOnly();

export default function work(task: OrderTask) {
  return runOrder(task);
}
