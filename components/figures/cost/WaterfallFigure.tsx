'use client';
import { memo, useMemo } from 'react';
import type { StoreApi } from 'zustand/vanilla';
import Link from '@/components/shell/PageLink';
import {
  COST_LIMITS,
  DEFAULT_COST_INPUTS,
  costSummary,
  costTable,
  costWaterfall,
  documentationLabel,
  formatUsd,
  type CostInputs,
} from '@/lib/cost';
import { formatKbps, formatPercent } from '@/lib/units';
import { useFigureStore, useInputs, useStore } from '@/components/figures/useFigureStore';
import { DataTable } from '@/components/figures/DataTable';
import { StoreSlider } from '@/components/figures/StoreSlider';
import { Slider } from '@/components/controls/Slider';
import { Toggle } from '@/components/controls/Toggle';
import { Stage, Workbench } from '@/components/figures/Workbench';
import { useSettledSelection } from '@/components/hooks/useSettled';
import styles from './Figure.module.css';

/** The thinnest bar, as a share of its track. */
const MIN_BAR = 0.004;

// The sliders' readouts, one formatter each (toLocaleString with options builds a formatter at every call).
const wholeNumber = new Intl.NumberFormat('en-US');
const hours = (value: number) => `${wholeNumber.format(value)} h a day`;
const usd = (digits: number) => {
  const format = new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return (value: number) => `$${format.format(value)}`;
};
const egressPrice = usd(3);
const serverPrice = usd(0);
const subscriptionPrice = usd(2);
const percent = (value: number) => formatPercent(value);

/**
 * "A thousand small cuts": one free user's monthly cost from the naive design down to this model's, one lever
 * from an earlier chapter at a time, each labelled (by lib/cost) as documented by Discord or not. Every number comes
 * from lib/cost; every price is a labelled assumption.
 *
 * The figure itself renders once: the waterfall, each control and the readouts subscribe to the store, so a drag
 * renders the bars and the slider being dragged, and the summary and the table once the reader stops.
 */
export default function WaterfallFigure() {
  const store = useFigureStore<CostInputs>(() => ({ ...DEFAULT_COST_INPUTS }));
  return (
    <div className={styles.figure}>
      <Workbench>
        <Stage>
          <Waterfall store={store} />
        </Stage>
        <div className="controls">
          <StoreSlider store={store} field="voiceHoursPerDay" label="Hours in voice" name="hours" {...COST_LIMITS.voiceHoursPerDay} format={hours} />
          <StoreSlider store={store} field="peoplePerChannel" label="People per channel" name="people" {...COST_LIMITS.peoplePerChannel} />
          <TalkersSlider store={store} />
          <VideoToggle store={store} />
          <StoreSlider
            store={store}
            field="watchedShare"
            label="Share of the others watching it"
            name="watched"
            {...COST_LIMITS.watchedShare}
            toState={(value) => ({ watchedShare: Number(value.toFixed(1)) })}
            format={percent}
          />
        </div>
        <fieldset className={styles.assumptions}>
          <legend>Assumptions (Discord publishes none of these; set your own)</legend>
          <div className="controls">
            <StoreSlider
              store={store}
              field="egressUsdPerGB"
              label="Assumed egress price, $ per GB"
              name="egress-price"
              {...COST_LIMITS.egressUsdPerGB}
              toState={(value) => ({ egressUsdPerGB: Number(value.toFixed(3)) })}
              format={egressPrice}
            />
            <StoreSlider
              store={store}
              field="serverUsdPerMonth"
              label="Assumed voice server, $ per month"
              name="server-price"
              {...COST_LIMITS.serverUsdPerMonth}
              format={serverPrice}
            />
            <StoreSlider
              store={store}
              field="subscriptionUsdPerMonth"
              label="Assumed subscription, $ per month"
              name="subscription"
              {...COST_LIMITS.subscriptionUsdPerMonth}
              format={subscriptionPrice}
            />
          </div>
        </fieldset>
      </Workbench>

      <CostReadouts store={store} />
    </div>
  );
}

type Store = StoreApi<CostInputs>;

/** Talking at once: its readout also says the share of the time each person talks, so it follows the room size. */
function TalkersSlider({ store }: { store: Store }) {
  const value = useStore(store, (s) => s.speakingAtOnce);
  const people = useStore(store, (s) => s.peoplePerChannel);
  return (
    <Slider
      label="Talking at once"
      name="talkers"
      {...COST_LIMITS.speakingAtOnce}
      value={value}
      onChange={(speakingAtOnce) => store.setState({ speakingAtOnce })}
      format={(v) => `${v} (${formatPercent(Math.min(1, v / people))} of the time each)`}
    />
  );
}

function VideoToggle({ store }: { store: Store }) {
  const videoOn = useStore(store, (s) => s.videoOn);
  return <Toggle label="Someone streams 720p video" name="video" checked={videoOn} onChange={(on) => store.setState({ videoOn: on })} />;
}

/** A step's name, its chapter link and its documentation label: the same on every step of a drag. */
const StepLabel = memo(function StepLabel({
  label,
  href,
  documentation,
  byDiscord,
}: {
  label: string;
  href: string | null;
  documentation: string | null;
  byDiscord: boolean;
}) {
  return (
    <span className={styles.stepLabel}>
      {href ? <Link href={href}>{label}</Link> : label}
      {documentation && (
        <span className={styles.stepSource} data-documented={byDiscord}>
          {documentation}
        </span>
      )}
    </span>
  );
});

function Waterfall({ store }: { store: Store }) {
  const inputs = useInputs(store);
  const steps = useMemo(() => costWaterfall(inputs), [inputs]);
  const scaleUsd = Math.max(steps[0].cost.totalUsd, Number.MIN_VALUE);
  // Each bar spans its whole track and is moved and scaled there (transform, not left and width): the
  // compositor animates a transform, where left and width made every frame of a drag lay the rows out again.
  // A bar never scales below MIN_BAR of its track (about 2 px), so a cut that saves nothing still shows.
  const barTransform = (left: number, width: number) =>
    `translateX(${(left / scaleUsd) * 100}%) scaleX(${Math.max(MIN_BAR, width / scaleUsd)})`;
  return (
    <ol className={styles.waterfall} aria-label="Monthly cost of one free user, step by step">
      {steps.map((step, i) => {
        const total = step.documentation === null;
        const before = i === 0 ? step.cost.totalUsd : steps[i - 1].cost.totalUsd;
        const left = total ? 0 : step.cost.totalUsd;
        const width = total ? step.cost.totalUsd : before - step.cost.totalUsd;
        return (
          <li key={step.id} className={styles.step} data-step={step.id} data-value={step.cost.totalUsd} data-saved={step.savedUsd}>
            <StepLabel
              label={step.label}
              href={step.chapterHref ?? null}
              documentation={step.documentation ? documentationLabel(step.documentation) : null}
              byDiscord={step.documentation?.byDiscord ?? false}
            />
            <span className={styles.track} aria-hidden="true">
              <span className={total ? styles.barTotal : styles.barCut} style={{ transform: barTransform(left, width) }} />
            </span>
            <span className={styles.stepValue}>
              {total ? `${formatUsd(step.cost.totalUsd)} a month` : `−${formatUsd(step.savedUsd)}`}
              <span className={styles.stepNote}>{formatKbps(Number(step.cost.egressKbps.toFixed(1)))} out</span>
            </span>
          </li>
        );
      })}
    </ol>
  );
}

/**
 * The summary and the table: they follow the inputs once the reader stops moving a control
 * (useSettledSelection: without rendering at each step), so a drag renders the bars and the slider each frame
 * and these once.
 */
function CostReadouts({ store }: { store: Store }) {
  const inputs = useSettledSelection(store, allInputs);
  return <CostSummary inputs={inputs} />;
}

const allInputs = (inputs: CostInputs) => inputs;

const CostSummary = memo(function CostSummary({ inputs }: { inputs: CostInputs }) {
  const summary = costSummary(inputs);
  return (
    <>
      <p className={styles.summary} aria-live="polite" data-testid="cost-summary" data-free-users={Math.floor(summary.freeUsersPerSubscription)}>
        This model’s design costs <strong>{formatUsd(summary.model.totalUsd)}</strong> a month for this user,{' '}
        {summary.reduction.toLocaleString('en-US', { maximumFractionDigits: 1 })}× less than the naive one; the cuts Discord
        documents save {formatUsd(summary.savedByDocumentedCutsUsd)} of that. Go Live as Discord documents it, one stream held
        to the slowest watcher, would cost {formatUsd(summary.goLiveAsDocumented.totalUsd)}. At your assumed{' '}
        {formatUsd(inputs.subscriptionUsdPerMonth)} a month, one subscription covers{' '}
        <strong>{Math.floor(summary.freeUsersPerSubscription).toLocaleString('en-US')} free users</strong> like this one; it would
        cover a thousand if each averaged {(summary.hoursPerDayForThousandUsers * 60).toLocaleString('en-US', { maximumFractionDigits: 1 })}{' '}
        minutes in voice a day.
      </p>
      <DataTable data={costTable(inputs)} />
    </>
  );
});
