'use client';
import { forwardRef, type ButtonHTMLAttributes } from 'react';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  /** Unavailable for now: announced as dimmed (aria-disabled), ignores presses, but keeps keyboard focus. */
  disabled?: boolean;
}

/**
 * A button for figures. A natively disabled button loses focus, so a button that disables itself when
 * pressed ("Stop", "Asking for the microphone…") would drop keyboard focus to the page, where the next arrow
 * key changes chapter. This one stays focusable while unavailable: aria-disabled, and presses do nothing.
 */
export const Button = forwardRef<HTMLButtonElement, ButtonProps>(function Button(
  { disabled = false, onClick, className = 'button', type = 'button', ...rest },
  ref,
) {
  return (
    <button
      ref={ref}
      type={type}
      className={className || undefined}
      aria-disabled={disabled || undefined}
      onClick={disabled ? (event) => event.preventDefault() : onClick}
      {...rest}
    />
  );
});
