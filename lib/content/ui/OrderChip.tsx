/** @jsxImportSource @/lib/content/ui/dom */
import type { OrderChip as Chip } from '@/lib/protocol';

/** The chip's text, or null when the order needs no chip (history, nothing to fulfil). */
export function chipText(chip: Chip): string | null {
  switch (chip.state) {
    case 'needs-linking':
      return `${chip.toLink} to link`;
    case 'ready':
      return 'ready';
    case 'sending':
      return 'sending';
    case 'sent':
      return 'sent';
    case 'failed':
      return 'failed';
    case 'history':
    case 'nothing-to-fulfil':
      return null;
  }
}

function chipTitle(chip: Chip): string {
  switch (chip.state) {
    case 'needs-linking':
      return `Inkthreadable: ${chip.toLink} item${chip.toLink === 1 ? '' : 's'} to link`;
    case 'ready':
      return 'Inkthreadable: ready to send';
    case 'sending':
      return 'Inkthreadable: sending';
    case 'sent':
      return 'Inkthreadable: sent';
    case 'failed':
      return 'Inkthreadable: not sent, Inkthreadable refused it';
    default:
      return 'Inkthreadable';
  }
}

export function OrderChip({ chip }: { chip: Chip }) {
  const text = chipText(chip);
  if (text === null) return null;
  return (
    <span class={`chip chip-${chip.state}`} title={chipTitle(chip)} data-state={chip.state}>
      {text}
    </span>
  );
}
