/** A virtualised table's stand-in for the rows not rendered (see screens/virtual-rows.ts). */
export function SpacerRow({ height, columns }: { height: number; columns: number }) {
  if (height <= 0) return null;
  return (
    // Height set through the DOM's style object (CSSOM), which the renderer's CSP allows.
    // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a spacer row is not focusable; it only keeps the scroll height.
    <tr aria-hidden="true" className="virtual-spacer" style={{ height }}>
      <td colSpan={columns} />
    </tr>
  );
}
