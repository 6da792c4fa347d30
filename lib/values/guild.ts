/** Chapter 6 (Gateway and guilds): the 2017 big guild's fan-out and the figure's starting point. */
import { BIG_GUILD_ONLINE_2017, DEFAULT_FANOUT_INPUT, guildFanout } from '@/lib/guild';
import { formatCount, formatPercent, formatSeconds } from '@/lib/units';
import { valueGroup } from './define';

const bigGuild2017 = () => guildFanout({ ...DEFAULT_FANOUT_INPUT, members: BIG_GUILD_ONLINE_2017, onlinePercent: 100 });
const figureDefault = (manifold: boolean) => guildFanout({ ...DEFAULT_FANOUT_INPUT, manifold });

export const guildValues = valueGroup('guild', {
  'guild.bigGuild2017.busyMin': {
    description: 'One event to the 2017 big guild’s 30,000 online sessions at the cheapest measured send (30 µs)',
    compute: () => bigGuild2017().guildBusyMinUs / 1000,
    format: formatSeconds,
  },
  'guild.bigGuild2017.busyMax': {
    description: 'The same at the dearest measured send (70 µs)',
    compute: () => bigGuild2017().guildBusyMaxUs / 1000,
    format: formatSeconds,
  },
  'guild.figure.members': {
    description: 'Members of the figure’s starting guild: the model’s choice, the 2017 post gives none',
    compute: () => DEFAULT_FANOUT_INPUT.members,
    format: formatCount,
  },
  'guild.figure.online': {
    description: 'Share of them online at the start, so that 30,000 are, as in the 2017 post',
    compute: () => DEFAULT_FANOUT_INPUT.onlinePercent / 100,
    format: (share) => formatPercent(share),
  },
  'guild.figure.onlineSessions': {
    description: 'Online sessions in the figure’s starting guild',
    compute: () => figureDefault(false).onlineSessions,
    format: formatCount,
  },
  'guild.figure.sendUs': {
    description: 'The figure’s starting send cost: the middle of the measured 30 to 70 µs',
    compute: () => DEFAULT_FANOUT_INPUT.sendUs,
    format: (us) => `${formatCount(us)} µs`,
  },
  'guild.figure.busy': {
    description: 'How long the guild process is busy with one event at the figure’s defaults, without Manifold',
    compute: () => figureDefault(false).guildBusyUs / 1000,
    format: formatSeconds,
  },
  'guild.figure.manifoldSends': {
    description: 'send/2 calls the guild process makes with Manifold at the defaults: one per session node',
    compute: () => figureDefault(true).guildSends,
    format: formatCount,
  },
});
