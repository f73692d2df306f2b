import { useLayoutEffect, useState } from 'react';

/**
 * Whether the whole content of a scroll box has been on screen: true at once when it fits, else once it has
 * been scrolled to the end. Latches (scrolling back up does not take it away); a new `key` starts over.
 */
export function useSeenWhole(el: HTMLElement | null, key: unknown): boolean {
  const [seen, setSeen] = useState<{ key: unknown; seen: boolean }>({ key, seen: false });
  const current = seen.key === key && seen.seen;
  // A layout effect: a box that fits is known as seen before the first paint (no flash of a disabled Approve).
  useLayoutEffect(() => {
    if (!el || current) return;
    const check = (): void => {
      // A box not laid out (clientHeight 0) has shown nothing yet.
      if (el.clientHeight > 0 && el.scrollHeight - el.scrollTop - el.clientHeight <= 2)
        setSeen({ key, seen: true });
    };
    check();
    el.addEventListener('scroll', check, { passive: true });
    const ro = new ResizeObserver(check);
    ro.observe(el);
    return () => {
      el.removeEventListener('scroll', check);
      ro.disconnect();
    };
  }, [el, key, current]);
  return current;
}
