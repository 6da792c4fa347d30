'use client';
import { useId } from 'react';

export interface SliderProps {
  label: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  onChange: (value: number) => void;
  /** Formats the value for the visible readout and for screen readers (aria-valuetext). */
  format?: (value: number) => string;
  /** Stable name for tests and presenter sync; becomes data-control. */
  name?: string;
}

/** A labelled native range input: arrow keys, Page Up/Down, Home/End work everywhere. */
export function Slider({ label, value, min, max, step = 1, onChange, format = String, name }: SliderProps) {
  const id = useId();
  const text = format(value);
  return (
    <div className="control control-slider">
      <label htmlFor={id}>
        <span className="control-label">{label}</span>
        <output htmlFor={id} className="control-value">
          {text}
        </output>
      </label>
      <input
        id={id}
        type="range"
        min={min}
        max={max}
        step={step}
        value={value}
        aria-valuetext={text}
        data-control={name}
        onChange={(event) => onChange(Number(event.currentTarget.value))}
      />
    </div>
  );
}
