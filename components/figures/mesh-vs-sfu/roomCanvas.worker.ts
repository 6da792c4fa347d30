/**
 * The room's worker: receives the two canvases the page handed over (transferControlToOffscreen), then
 * the room, size, colours and ticks (PainterMessage), and draws them with RoomPainter once per frame. A drag of
 * the people slider at 1,000 people rebuilds a layout, 3,000 connections, a warmed packet flow and two canvases
 * each step; on the page that and the canvases' commits were most of a frame with the CPU slowed 4x.
 */
import { RoomPainter, type PainterMessage } from './roomPainter';

/** The canvases handed over: the connections and people's, and the packets'. */
type Start = { type: 'start'; staticCanvas: OffscreenCanvas; packetCanvas: OffscreenCanvas };

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<Start | PainterMessage>) => void) | null;
  requestAnimationFrame?: (callback: () => void) => number;
};
const schedule = (draw: () => void) => {
  if (typeof scope.requestAnimationFrame === 'function') scope.requestAnimationFrame(draw);
  else setTimeout(draw, 0);
};

let painter: RoomPainter | null = null;
scope.onmessage = ({ data }) => {
  if (data.type === 'start') painter = new RoomPainter(data.staticCanvas, data.packetCanvas, schedule);
  else painter?.receive(data);
};
