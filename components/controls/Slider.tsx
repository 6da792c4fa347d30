'use client';
import { useId, useMemo, type CSSProperties } from 'react';

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

/** How many values between a slider's ends are formatted to find its widest readout. */
const WIDTH_SAMPLES = 16;

/** The slider's ends and WIDTH_SAMPLES values evenly between them, on its step grid. */
export function readoutSamples(min: number, max: number, step: number): number[] {
  const steps = Math.max(0, Math.floor((max - min) / step + 1e-9));
  const values = new Set([min, min + steps * step, max]);
  for (let i = 1; i < WIDTH_SAMPLES; i += 1) values.add(min + Math.round((steps * i) / WIDTH_SAMPLES) * step);
  return [...values];
}

/**
 * A labelled native range input: arrow keys, Page Up/Down, Home/End work everywhere.
 *
 * Dragging it changes two things on the page at every step: the thumb's place in the input and the readout's
 * text. Each sits in a box whose size does not depend on it (`contain: size layout`, app/globals.css), so the
 * browser lays out that box alone rather than the whole document (a box is such a relayout boundary only if it
 * is not itself a flex or grid item, hence the track and the readout's inner box). The readout's box is as wide
 * as its widest text (the values it can show are in a monospaced font): the current one, the ends of the range
 * and WIDTH_SAMPLES values between, so its text sits where it did, right-aligned.
 */
export function Slider({ label, value, min, max, step = 1, onChange, format = String, name }: SliderProps) {
  const id = useId();
  const text = format(value);
  const samples = useMemo(() => readoutSamples(min, max, step), [min, max, step]);
  let chars = text.length;
  for (const sample of samples) chars = Math.max(chars, format(sample).length);
  return (
    <div className="control control-slider">
      <label htmlFor={id}>
        <span className="control-label">{label}</span>
        <output htmlFor={id} className="control-value">
          <span className="control-value-text" style={{ '--readout-chars': chars } as CSSProperties}>
            {text}
          </span>
        </output>
      </label>
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
