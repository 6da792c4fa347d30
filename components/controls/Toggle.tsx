'use client';
import { useId } from 'react';

export interface ToggleProps {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  name?: string;
}

/** A switch built on a native checkbox (Space toggles it), styled as a switch. */
export function Toggle({ label, checked, onChange, name }: ToggleProps) {
  const id = useId();
  return (
    <div className="control control-toggle">
      <input
        id={id}
        type="checkbox"
        role="switch"
        checked={checked}
        data-control={name}
        onChange={(event) => onChange(event.currentTarget.checked)}
      />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}
