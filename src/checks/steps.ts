// Long checks as steps: a generator that yields between units of work (a file analysed, a rule run, a few
// hundred targets) and returns its result. Run to the end at once (finish), or with a pause between steps
// (finishPausing) so that the caller's event loop turns: the syntax trees the parser made are freed by
// finalizers that only run on a turn of it, and a large series would otherwise keep every one of them.
export type Steps<T> = Generator<void, T, void>;

/** Runs the steps to the end, without pausing. */
export function finish<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Runs the steps to the end, awaiting `pause` between them. */
export async function finishPausing<T>(steps: Steps<T>, pause: () => Promise<void> | void): Promise<T> {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await pause();
  }
}
