'use client';
import { memo, useDeferredValue } from 'react';
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
import { useFigureStore, useInputs } from '@/components/figures/useFigureStore';
import { DataTable } from '@/components/figures/DataTable';
import { Slider } from '@/components/controls/Slider';
import { Toggle } from '@/components/controls/Toggle';
import { Stage, Workbench } from '@/components/figures/Workbench';
import styles from './Figure.module.css';

/** The thinnest bar, as a share of its track. */
const MIN_BAR = 0.004;

const hours = (value: number) => `${value.toLocaleString('en-US')} h a day`;
const usd = (digits: number) => (value: number) =>
  `$${value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;

/**
 * "A thousand small cuts": one free user's monthly cost from the naive design down to this model's, one lever
 * from an earlier chapter at a time, each labelled (by lib/cost) as documented by Discord or not. Every number comes
 * from lib/cost; every price is a labelled assumption.
 */
export default function WaterfallFigure() {
  const store = useFigureStore<CostInputs>(() => ({ ...DEFAULT_COST_INPUTS }));
  const inputs = useInputs(store);
  const steps = costWaterfall(inputs);
  const later = useDeferredValue(inputs);
  const scaleUsd = Math.max(steps[0].cost.totalUsd, Number.MIN_VALUE);
  // Each bar spans its whole track and is moved and scaled there (transform, not left and width): the
  // compositor animates a transform, where left and width made every frame of a drag lay the rows out again.
  // A bar never scales below MIN_BAR of its track (about 2 px), so a cut that saves nothing still shows.
  const barTransform = (left: number, width: number) =>
    `translateX(${(left / scaleUsd) * 100}%) scaleX(${Math.max(MIN_BAR, width / scaleUsd)})`;

  return (
    <div className={styles.figure}>
      <Workbench>
        <Stage>
          <ol className={styles.waterfall} aria-label="Monthly cost of one free user, step by step">
            {steps.map((step, i) => {
              const total = step.documentation === null;
              const before = i === 0 ? step.cost.totalUsd : steps[i - 1].cost.totalUsd;
              const left = total ? 0 : step.cost.totalUsd;
              const width = total ? step.cost.totalUsd : before - step.cost.totalUsd;
              return (
                <li key={step.id} className={styles.step} data-step={step.id} data-value={step.cost.totalUsd} data-saved={step.savedUsd}>
                  <span className={styles.stepLabel}>
                    {step.chapterHref ? <Link href={step.chapterHref}>{step.label}</Link> : step.label}
                  {step.documentation && (
                    <span className={styles.stepSource} data-documented={step.documentation.byDiscord}>
                      {documentationLabel(step.documentation)}
                    </span>
                  )}
                  </span>
                  <span className={styles.track} aria-hidden="true">
                    <span
                      className={total ? styles.barTotal : styles.barCut}
                      style={{ transform: barTransform(left, width) }}
                    />
                  </span>
                  <span className={styles.stepValue}>
                    {total ? `${formatUsd(step.cost.totalUsd)} a month` : `−${formatUsd(step.savedUsd)}`}
                    <span className={styles.stepNote}>{formatKbps(Number(step.cost.egressKbps.toFixed(1)))} out</span>
                  </span>
                </li>
              );
            })}
          </ol>
        </Stage>
        <div className="controls">
          <Slider
            label="Hours in voice"
            name="hours"
            {...COST_LIMITS.voiceHoursPerDay}
            value={inputs.voiceHoursPerDay}
            onChange={(value) => store.setState({ voiceHoursPerDay: value })}
            format={hours}
          />
          <Slider
            label="People per channel"
            name="people"
            {...COST_LIMITS.peoplePerChannel}
            value={inputs.peoplePerChannel}
            onChange={(value) => store.setState({ peoplePerChannel: value })}
          />
          <Slider
            label="Talking at once"
            name="talkers"
            {...COST_LIMITS.speakingAtOnce}
            value={inputs.speakingAtOnce}
            onChange={(value) => store.setState({ speakingAtOnce: value })}
            format={(value) => `${value} (${formatPercent(Math.min(1, value / inputs.peoplePerChannel))} of the time each)`}
          />
          <Toggle label="Someone streams 720p video" name="video" checked={inputs.videoOn} onChange={(videoOn) => store.setState({ videoOn })} />
          <Slider
            label="Share of the others watching it"
            name="watched"
            {...COST_LIMITS.watchedShare}
            value={inputs.watchedShare}
            onChange={(value) => store.setState({ watchedShare: Number(value.toFixed(1)) })}
            format={(value) => formatPercent(value)}
          />
        </div>
        <fieldset className={styles.assumptions}>
          <legend>Assumptions (Discord publishes none of these; set your own)</legend>
          <div className="controls">
            <Slider
              label="Assumed egress price, $ per GB"
              name="egress-price"
              {...COST_LIMITS.egressUsdPerGB}
              value={inputs.egressUsdPerGB}
              onChange={(value) => store.setState({ egressUsdPerGB: Number(value.toFixed(3)) })}
              format={usd(3)}
            />
            <Slider
              label="Assumed voice server, $ per month"
              name="server-price"
              {...COST_LIMITS.serverUsdPerMonth}
              value={inputs.serverUsdPerMonth}
              onChange={(value) => store.setState({ serverUsdPerMonth: value })}
              format={usd(0)}
            />
            <Slider
              label="Assumed subscription, $ per month"
              name="subscription"
              {...COST_LIMITS.subscriptionUsdPerMonth}
              value={inputs.subscriptionUsdPerMonth}
              onChange={(value) => store.setState({ subscriptionUsdPerMonth: value })}
              format={usd(2)}
            />
          </div>
        </fieldset>
      </Workbench>

      <CostReadouts inputs={later} />
    </div>
  );
}

/**
 * The summary and the table, from a deferred copy of the inputs: a drag renders the waterfall and the
 * controls each frame, and these once the reader pauses (or between frames).
 */
const CostReadouts = memo(function CostReadouts({ inputs }: { inputs: CostInputs }) {
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
