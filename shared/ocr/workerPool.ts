import type { Worker } from 'tesseract.js';

/** Thrown for OCR asked of a service after it was stopped. */
export class OcrStoppedError extends Error {
  constructor() {
    super('OCR was stopped');
    this.name = 'OcrStoppedError';
  }
}

/**
 * Tesseract workers taking jobs from one queue, each job on the first idle
 * worker. In place of tesseract.js's own scheduler because of how it stops:
 * work abandoned at a time limit may still ask for OCR after the batch has
 * ended, and that scheduler then hands the job to a terminated worker (an
 * uncaught TypeError that ends the process) or its owner starts new workers
 * (which keep the process alive). Once stopped, this pool refuses new jobs
 * with an OcrStoppedError and fails the queued ones; a job already running
 * when its worker is terminated never settles, which is fine for abandoned
 * work nobody waits for.
 */
export class OcrWorkerPool {
  private readonly idle: Worker[];
  private readonly queue: { start: (worker: Worker) => void; refuse: (error: Error) => void }[] = [];
  private stopped = false;

  constructor(private readonly workers: readonly Worker[]) {
    this.idle = [...workers];
  }

  run<T>(job: (worker: Worker) => Promise<T>): Promise<T> {
    if (this.stopped) return Promise.reject(new OcrStoppedError());
    return new Promise<T>((resolve, reject) => {
      const start = (worker: Worker): void => {
        let running: Promise<T>;
        try {
          running = job(worker);
        } catch (error) {
          running = Promise.reject(error as Error); // a job that throws at once gives its worker back too
        }
        running.then(resolve, reject).finally(() => this.release(worker));
      };
      const worker = this.idle.pop();
      if (worker) start(worker);
      else this.queue.push({ start, refuse: reject });
    });
  }

  private release(worker: Worker): void {
    if (this.stopped) return;
    const next = this.queue.shift();
    if (next) next.start(worker);
    else this.idle.push(worker);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const waiting of this.queue.splice(0)) waiting.refuse(new OcrStoppedError());
    this.idle.length = 0;
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
