/**
 * The Gateway and guild fan-out model: one guild process per guild sends each event to every online
 * member's session process, one send/2 each, or one batch per node with Manifold. Pure functions.
 *
 *   guildFanout({ members: 100_000, onlinePercent: 30, sessionNodes: 8, manifold: false, sendUs: 50 })
 *     .guildBusyMinUs   // 900_000  = 30,000 sessions x 30 µs
 *     .guildBusyMaxUs   // 2_100_000 = 30,000 x 70 µs
 *
 * Also: fanoutProgress() and stepFanoutClock() (the figure's replay), fanoutTable() (its data table).
 */
export * from './facts';
export * from './fanout';
export * from './tables';
export * from './gateway';
export * from './live';
