// A Radix popover opened next to the button that asked for it (menus and filters are
// lazy chunks, so the trigger lives outside and is passed in as the anchor).
import * as Popover from '@radix-ui/react-popover';
import type { ReactNode } from 'react';
import styles from './anchored-popover.module.css';

export interface AnchoredPopoverProps {
  anchor: HTMLElement;
  label: string;
  align?: 'start' | 'end';
  onClose(): void;
  children: ReactNode;
}

export function AnchoredPopover({
  anchor,
  label,
  align = 'start',
  onClose,
  children,
}: AnchoredPopoverProps) {
  return (
    <Popover.Root open onOpenChange={(open) => !open && onClose()}>
      <Popover.Anchor virtualRef={{ current: anchor }} />
      <Popover.Portal>
        <Popover.Content
          className={styles.popover}
          align={align}
          sideOffset={4}
          aria-label={label}
          // Radix returns focus to its own Trigger, and there is none here (the anchor is
          // virtual): without this, closing with Escape drops focus on <body>.
          onCloseAutoFocus={(event) => {
            event.preventDefault();
            if (anchor.isConnected) anchor.focus();
          }}
        >
          {children}
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
