/** Calls `f` once `ms` milliseconds have passed without another call. */
export function debounce<A extends unknown[]>(f: (...args: A) => void, ms: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const wrapped = (...args: A) => {
    clearTimeout(timer);
    timer = setTimeout(() => f(...args), ms);
  };
  wrapped.cancel = () => clearTimeout(timer);
  return wrapped;
}
