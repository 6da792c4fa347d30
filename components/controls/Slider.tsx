'use client';
import { useId, useRef } from 'react';
import { useHeldHeight } from '@/components/hooks/useHeldHeight';

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

/**
 * A labelled native range input: arrow keys, Page Up/Down, Home/End work everywhere.
 *
 * Dragging it changes two things at every step: the readout's text and the thumb's place. The label row is in a
 * frame held at its own height (useHeldHeight) and the input is `contain: size layout` (app/globals.css), so
 * each step is laid out inside those boxes, not through the whole document. The control is a block, not a flex
 * column, so that neither box is a flex item (which Chromium never lets stop a layout).
 */
export function Slider({ label, value, min, max, step = 1, onChange, format = String, name }: SliderProps) {
  const id = useId();
  const text = format(value);
  const frame = useRef<HTMLDivElement>(null);
  const row = useRef<HTMLLabelElement>(null);
  useHeldHeight(frame, row);
  return (
    <div className="control control-slider">
      <div ref={frame} className="control-readout">
        <label ref={row} htmlFor={id}>
          <span className="control-label">{label}</span>
          <output htmlFor={id} className="control-value">
            {text}
          </output>
        </label>
      </div>
      <div className="control-track">
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
    </div>
  );
}
