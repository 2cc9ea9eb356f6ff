// Piscina worker: builds one order per task. Everything it needs comes in the task; it writes its
// own outputs (atomically) and returns a small result, so the main thread only schedules and reports.
import { runOrder, type OrderTask } from './order.js';

export default function work(task: OrderTask) {
  return runOrder(task);
}
