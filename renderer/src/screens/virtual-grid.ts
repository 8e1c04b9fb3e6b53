/**
 * What the accounts list needs to virtualise a responsive CSS grid: the nearest scrolling
 * ancestor (the list scrolls with its screen, not in a box of its own), how far down that
 * ancestor's content the list starts, and how many columns the stylesheet's `auto-fill` made.
 */

/**
 * The column the signed-in screens scroll in (signed-in.tsx), or the document when the list is
 * shown elsewhere. Named rather than found by `overflow`: the screen inside it has `overflow: auto`
 * too, for wide tables, but grows with its content and never scrolls itself.
 */
export function scrollParent(element: HTMLElement): HTMLElement {
  return (
    element.closest<HTMLElement>('.screen-column') ??
    (document.scrollingElement as HTMLElement | null) ??
    document.documentElement
  );
}

/** Distance from the top of the scroller's content to the top of `element`. */
export function offsetWithin(element: HTMLElement, scroller: HTMLElement): number {
  return element.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop;
}

/** Columns of a grid as laid out (the resolved `grid-template-columns` lists one size per track). */
export function gridColumns(element: HTMLElement): number {
  const tracks = getComputedStyle(element)
    .gridTemplateColumns.split(' ')
    .filter((track) => track.endsWith('px'));
  return Math.max(1, tracks.length);
}

/** The grid's gap between rows, in pixels. */
export function gridRowGap(element: HTMLElement): number {
  return Number.parseFloat(getComputedStyle(element).rowGap) || 0;
}
