/** A small spinning ring; decorative (the text beside it says what is happening). */
export function Spinner({ size = 14 }: { size?: number }) {
  return <span class="spinner" aria-hidden="true" style={{ width: `${size}px`, height: `${size}px` }} />;
}
