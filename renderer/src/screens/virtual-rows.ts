import { useVirtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, useRef, useState } from 'react';
import { offsetWithin, scrollParent } from './virtual-grid';

/**
 * A long table's body, virtualised: only the rows near the viewport are rendered, and spacer rows
 * of `padTop` and `padBottom` pixels above and below keep the scroll height (the table scrolls
 * with its screen). Each rendered row takes `data-index={item.index}` and `ref={measure}`.
 */
export function useVirtualRows(count: number, estimatedRow: number) {
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const [place, setPlace] = useState({ scroller: null as HTMLElement | null, margin: 0 });
  const shown = count > 0;
  useLayoutEffect(() => {
    const body = bodyRef.current;
    if (!shown || !body) return;
    const scroller = scrollParent(body);
    const margin = offsetWithin(body, scroller);
    setPlace((was) => (was.scroller === scroller && Math.abs(was.margin - margin) < 1 ? was : { scroller, margin }));
  }, [shown]);
  const rows = useVirtualizer<HTMLElement, HTMLTableRowElement>({
    count,
    getScrollElement: () => place.scroller,
    estimateSize: () => estimatedRow,
    scrollMargin: place.margin,
    overscan: 8,
    useFlushSync: false,
  });
  const items = rows.getVirtualItems();
  const first = items[0];
  const last = items[items.length - 1];
  return {
    bodyRef,
    items,
    measure: rows.measureElement,
    padTop: first ? first.start - place.margin : 0,
    padBottom: last ? Math.max(rows.getTotalSize() - (last.end - place.margin), 0) : 0,
  };
}
