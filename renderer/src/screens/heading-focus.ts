import { useLayoutEffect, useRef } from 'react';
import type { Route } from '../stores/route-store';

/**
 * Focus moves to the new screen's heading on navigation (not on the first render), so a screen
 * reader announces where the user is and Tab starts from the top of it. A layout effect: it runs
 * before the screen's own effects, which may move focus on further (the search box after Ctrl+F).
 */
export function useHeadingFocusOnNavigation(route: Route): void {
  const first = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on each navigation, which is what route is
  useLayoutEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const heading = document.getElementById('screen-title');
    if (!heading) return;
    heading.tabIndex = -1;
    heading.focus();
  }, [route]);
}
