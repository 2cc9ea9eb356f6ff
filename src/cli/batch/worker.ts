// Piscina worker: builds one order per task. Everything it needs comes in the task; it writes its
// outputs to temporary files and returns a small result naming them: the main thread flushes them
// and puts them in place (all or none), schedules and reports.
import { runOrder, type OrderTask } from './order.js';

export default function work(task: OrderTask) {
  return runOrder(task);
}
