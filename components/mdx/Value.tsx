import { proseValue } from '@/lib/values';

/**
 * A number the prose quotes from a model: <Value of="transport.freezeMs.linux" /> renders "360 ms".
 * Rendered on the server from lib/values, as a <data> element whose machine-readable value is the
 * model's unrounded number. An unknown name fails the content check (and the build) before it gets here.
 */
export function Value({ of }: { of: string }) {
  const { value, text } = proseValue(of);
  return (
    <data className="model-value" value={String(value)} data-value-of={of}>
      {text}
    </data>
  );
}
