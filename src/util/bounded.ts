/**
 * What `answer` settles to, or undefined when it rejects or takes longer than `ms`: for waits on a
 * page or a browser that may never answer (a frame navigating forever, a redirect whose headers
 * never arrive), where no answer is an answer too. The timer is cleared either way.
 */
export async function bounded<T>(answer: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([answer.catch(() => undefined), late]);
  } finally {
    clearTimeout(timer);
  }
}
