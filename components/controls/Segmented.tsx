'use client';
import { useId } from 'react';

export interface SegmentedOption<V extends string> {
  value: V;
  label: string;
}

export interface SegmentedProps<V extends string> {
  label: string;
  options: readonly SegmentedOption<V>[];
  value: V;
  onChange: (value: V) => void;
  name?: string;
}

/** One choice among a few, as a native radio group (arrow keys move between options). */
export function Segmented<V extends string>({ label, options, value, onChange, name }: SegmentedProps<V>) {
  const group = useId();
  return (
    <fieldset className="control control-segmented" data-control={name}>
      <legend className="control-label">{label}</legend>
      <div className="segmented-options">
        {options.map((option) => (
          <label key={option.value} className={option.value === value ? 'is-selected' : undefined}>
            <input
              type="radio"
              name={group}
              value={option.value}
              checked={option.value === value}
              onChange={() => onChange(option.value)}
            />
            <span>{option.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
