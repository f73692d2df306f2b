import { useEffect, useLayoutEffect, useState } from 'react';

/** Whether `el` is on screen now: inside the window and inside every scroll box around it. */
function onScreen(el: Element): boolean {
  const r = el.getBoundingClientRect();
  if (r.bottom <= 0 || r.top >= window.innerHeight) return false;
  for (let p = el.parentElement; p; p = p.parentElement) {
    if (getComputedStyle(p).overflowY === 'visible') continue;
    const box = p.getBoundingClientRect();
    if (r.top >= box.bottom || r.bottom <= box.top) return false;
  }
  return true;
}

/**
 * Whether the end of some content has been on screen. `end` is a marker placed right after the content: once it
 * has been visible (through the content's own scroll box and the page's), everything above it has been scrolled
 * past. Latches (scrolling back up does not take it away); a new `key` starts over.
 */
export function useSeenEnd(end: Element | null, key: unknown): boolean {
  const [seen, setSeen] = useState<{ key: unknown; seen: boolean }>({ key, seen: false });
  const current = seen.key === key && seen.seen;
  // Checked before the first paint, so content that is already in view never flashes a locked Approve.
  useLayoutEffect(() => {
    if (end && !current && onScreen(end)) setSeen({ key, seen: true });
  }, [end, key, current]);
  useEffect(() => {
    if (!end || current) return;
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) setSeen({ key, seen: true });
    });
    io.observe(end);
    return () => io.disconnect();
  }, [end, key, current]);
  return current;
}
