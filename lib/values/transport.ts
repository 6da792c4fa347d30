/** Chapter 1 (UDP vs TCP): the worked examples and the parameters its prose describes. */
import {
  DEFAULT_HEAR_IT_INPUTS,
  JITTER_BUFFER_MAX_MS,
  JITTER_WINDOW_PACKETS,
  FRAME_MS,
  LOSS_EXAMPLE_RTT_MS,
  lossExample,
} from '@/lib/transport';
import { formatMs, formatPercent, formatSeconds } from '@/lib/units';
import { valueGroup } from './define';

export const transportValues = valueGroup('transport', {
  'transport.exampleRttMs': {
    description: 'Round trip of the chapter’s clean-link example (lib/transport/scenarios)',
    compute: () => LOSS_EXAMPLE_RTT_MS,
    format: formatMs,
  },
  'transport.freezeMs.oneLoss': {
    description: 'Silence the TCP listener hears for one lost packet on the clean 100 ms link (fast retransmit)',
    compute: () => lossExample().tcp.frozenMs,
    format: formatMs,
  },
  'transport.concealedMs.oneLoss': {
    description: 'Audio the UDP listener has concealed for the same lost packet',
    compute: () => lossExample().udp.concealedMs,
    format: formatMs,
  },
  'transport.freezeMs.linux': {
    description: 'Silence for a packet whose resend is also lost, under Linux’s 200 ms RTO floor',
    compute: () => lossExample({ rtoPolicy: 'linux', resendAlsoLost: true }).tcp.frozenMs,
    format: formatMs,
  },
  'transport.freezeMs.rfc6298': {
    description: 'Silence for a packet whose resend is also lost, under RFC 6298’s 1 s RTO floor',
    compute: () => lossExample({ rtoPolicy: 'rfc6298', resendAlsoLost: true }).tcp.frozenMs,
    format: formatMs,
  },
  'transport.concealedMs.doubleLoss': {
    description: 'Audio the UDP listener conceals for the doubly lost packet',
    compute: () => lossExample({ rtoPolicy: 'linux', resendAlsoLost: true }).udp.concealedMs,
    format: formatMs,
  },
  'transport.jitterWindow': {
    description: 'How much recent speech the jitter buffer looks at to size itself',
    compute: () => JITTER_WINDOW_PACKETS * FRAME_MS,
    format: formatSeconds,
  },
  'transport.jitterBufferMaxMs': {
    description: 'The jitter buffer’s ceiling',
    compute: () => JITTER_BUFFER_MAX_MS,
    format: formatMs,
  },
  'transport.hearIt.loss': {
    description: 'The loss the “Hear it” figure starts at',
    compute: () => DEFAULT_HEAR_IT_INPUTS.lossPercent / 100,
    format: (fraction) => formatPercent(fraction),
  },
});
