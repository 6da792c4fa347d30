import { describe, expect, it } from 'vitest';
import {
  acceptInputs,
  booleanInput,
  choiceInput,
  defaultInputs,
  defineInputs,
  describeValues,
  inputsFromParams,
  inputsToParams,
  numberChoiceInput,
  numberInput,
} from '@/lib/figures/inputSpec';
import { figureElementId, figureUrlPrefix } from '@/lib/figures/address';
import { mayBeFramed } from '@/lib/site/framing';
import { acceptFigureInputs, FigureInputsRegistry } from '@/components/figures/figureInputs';
import { createStore } from 'zustand/vanilla';
import { figureRegistry } from '@/components/figures/registry';

const room = defineInputs({
  people: numberInput({ min: 2, max: 50, step: 1 }, 10, 'People in the channel'),
  lossPercent: numberInput({ min: 0, max: 20, step: 0.5 }, 2, 'Packet loss (%)'),
  topology: choiceInput(['mesh', 'sfu', 'mcu'], 'mesh', 'Topology'),
  vad: booleanInput(true, 'Voice activity detection'),
});

const params = (query: string) => [...new URLSearchParams(query)];

describe('a figure’s declared inputs', () => {
  it('give the figure its defaults', () => {
    expect(defaultInputs(room)).toEqual({ people: 10, lossPercent: 2, topology: 'mesh', vad: true });
  });

  it('accept values on their range, step and options, and drop everything else without coercing', () => {
    expect(acceptInputs(room, { people: 20, lossPercent: 2.5, topology: 'sfu', vad: false })).toEqual({
      accepted: { people: 20, lossPercent: 2.5, topology: 'sfu', vad: false },
      rejected: [],
      errors: [],
    });
    expect(acceptInputs(room, { people: 51, lossPercent: 2.25, topology: 'p2p', vad: 'false', color: 'red' })).toEqual({
      accepted: {},
      rejected: ['people', 'lossPercent', 'topology', 'vad', 'color'],
      errors: [
        { name: 'people', message: 'people takes 2 to 50 in steps of 1, not 51' },
        { name: 'lossPercent', message: 'lossPercent takes 0 to 20 in steps of 0.5, not 2.25' },
        { name: 'topology', message: 'topology takes mesh, sfu, mcu, not "p2p"' },
        { name: 'vad', message: 'vad takes true or false, not "false"' },
        { name: 'color', message: 'the figure has no input "color"' },
      ],
    });
    expect(acceptInputs(room, { people: 1e9 }).accepted).toEqual({});
    expect(acceptInputs(room, { people: Number.NaN }).accepted).toEqual({});
    expect(acceptInputs(room, { people: '20' }).accepted).toEqual({});
    expect(acceptInputs(room, null)).toEqual({ accepted: {}, rejected: [], errors: [] });
    expect(acceptInputs(room, { constructor: 1, __proto__: { people: 20 } }).accepted).toEqual({});
  });

  it('take a number from a fixed list only as one of its values', () => {
    const frame = numberChoiceInput([20, 10, 60, 40], 20, 'Audio per packet (ms)');
    expect(frame).toMatchObject({ min: 10, max: 60, step: 10, values: [10, 20, 40, 60] });
    expect(acceptInputs({ frame }, { frame: 40 }).accepted).toEqual({ frame: 40 });
    expect(acceptInputs({ frame }, { frame: 30 }).accepted).toEqual({});
    expect(inputsFromParams({ frame }, params('frame=60&x=1')).inputs).toEqual({ frame: 60 });
    expect(describeValues(frame)).toBe('10, 20, 40, 60');
    expect(numberChoiceInput([0.5, 2, 1], 1, 'Speed')).toMatchObject({ min: 0.5, max: 2, step: 0.5 });
  });

  it('describe what each input takes, in words', () => {
    expect(Object.values(room).map(describeValues)).toEqual(['2 to 50 in steps of 1', '0 to 20 in steps of 0.5', 'mesh, sfu, mcu', 'true or false']);
  });
});

describe('figure inputs in a URL', () => {
  it('write only the inputs that differ from the defaults, under the figure’s prefix', () => {
    expect(inputsToParams(room, { people: 20, lossPercent: 2, topology: 'sfu', vad: true }, 'room')).toEqual([
      ['room.people', '20'],
      ['room.topology', 'sfu'],
    ]);
    expect(inputsToParams(room, defaultInputs(room), 'room')).toEqual([]);
    expect(inputsToParams(room, { people: 20, vad: false })).toEqual([
      ['people', '20'],
      ['vad', 'false'],
    ]);
  });

  it('leave out what the figure would not take, and what is not an input', () => {
    expect(inputsToParams(room, { people: 500, lossPercent: 0.3, cursor: 4 })).toEqual([]);
  });

  it('read back exactly what they wrote', () => {
    const inputs = { people: 37, lossPercent: 7.5, topology: 'mcu', vad: false };
    const query = new URLSearchParams(inputsToParams(room, inputs, 'room')).toString();
    expect(query).toBe('room.people=37&room.lossPercent=7.5&room.topology=mcu&room.vad=false');
    expect(inputsFromParams(room, params(query), 'room')).toEqual({ inputs, rejected: [], errors: [] });
  });

  it('read only their own figure’s parameters from a chapter’s URL', () => {
    const { inputs, rejected } = inputsFromParams(room, params('room.people=12&lanes.lossPercent=5&utm_source=x'), 'room');
    expect(inputs).toEqual({ people: 12 });
    expect(rejected).toEqual([]);
  });

  it('ignore a bad value and keep the good ones: text for a number, a number off its range, an unknown option', () => {
    const query = 'people=12px&lossPercent=0x10&topology=p2p&vad=yes&colour=red&people=60';
    const { inputs, rejected, errors } = inputsFromParams(room, params(query));
    expect(inputs).toEqual({});
    expect(rejected).toEqual(['people', 'lossPercent', 'topology', 'vad', 'colour', 'people']);
    // Each with what it takes, for the note under the figure.
    expect(errors.map((error) => `${error.name}=${error.text}: ${error.message}`)).toEqual([
      'people=12px: people takes 2 to 50 in steps of 1, not "12px"',
      'lossPercent=0x10: lossPercent takes 0 to 20 in steps of 0.5, not "0x10"',
      'topology=p2p: topology takes mesh, sfu, mcu, not "p2p"',
      'vad=yes: vad takes true or false, not "yes"',
      'colour=red: the figure has no input "colour"',
      'people=60: people takes 2 to 50 in steps of 1, not 60',
    ]);
    expect(inputsFromParams(room, params('people=&lossPercent=1e1&vad=true')).inputs).toEqual({ lossPercent: 10, vad: true });
    expect(inputsFromParams(room, params('%E0%A4%A=1&people=%FF')).inputs).toEqual({});
  });

  it('in an embed, ignore a chapter URL’s prefixed parameters', () => {
    expect(inputsFromParams(room, params('room.people=12&people=14')).inputs).toEqual({ people: 14 });
  });
});

describe('where a figure is', () => {
  it('names its element after the figure, numbering later appearances', () => {
    expect(figureElementId('mesh-vs-sfu/room')).toBe('figure-mesh-vs-sfu-room');
    expect(figureElementId('mesh-vs-sfu/room', 1)).toBe('figure-mesh-vs-sfu-room-2');
  });

  it('prefixes its URL inputs with its own name at home, its whole name when borrowed', () => {
    expect(figureUrlPrefix({ chapter: 'mesh-vs-sfu', figure: 'mesh-vs-sfu/room', occurrence: 0 })).toBe('room');
    expect(figureUrlPrefix({ chapter: 'mesh-vs-sfu', figure: 'mesh-vs-sfu/room', occurrence: 2 })).toBe('room-3');
    expect(figureUrlPrefix({ chapter: 'cost', figure: 'mesh-vs-sfu/room', occurrence: 0 })).toBe('mesh-vs-sfu-room');
  });
});

describe('framing', () => {
  it('is allowed for figure embeds only', () => {
    expect(mayBeFramed('/embed/mesh-vs-sfu/room')).toBe(true);
    expect(['/', '/learn/mesh-vs-sfu', '/room/lobby', '/embed/', '/embedded', '/catalog'].filter(mayBeFramed)).toEqual([]);
  });
});

describe('the inputs layer with declared inputs', () => {
  const instance = { chapter: 'mesh-vs-sfu', figure: 'mesh-vs-sfu/room', occurrence: 0 };

  it('takes declared inputs only on their range, and undeclared store fields by type as before', () => {
    const defaults = { ...defaultInputs(room), cursor: 3 };
    expect(acceptFigureInputs(defaults, room, { people: 99, topology: 'sfu', cursor: 5 })).toEqual({ topology: 'sfu', cursor: 5 });
    expect(acceptFigureInputs(defaults, room, { people: 99 })).toBeNull();
    expect(acceptFigureInputs(defaults, null, { people: 99 })).toEqual({ people: 99 });
  });

  it('starts a figure that loads later with the inputs a link gave it, within range', () => {
    const registry = new FigureInputsRegistry();
    expect(registry.apply(instance, { people: 30, lossPercent: 99 })).toBe('pending');
    expect(registry.takePending(instance, defaultInputs(room), room)).toEqual({ people: 30 });
  });

  it('applies a link’s inputs to a loaded figure and tells listeners it registered', () => {
    const registry = new FigureInputsRegistry();
    const seen: string[] = [];
    registry.onRegister((registered) => seen.push(registered.figure));
    const store = createStore(() => defaultInputs(room));
    registry.register(instance, store, defaultInputs(room), room);
    expect(seen).toEqual(['mesh-vs-sfu/room']);
    expect(registry.apply(instance, { people: 3, topology: 'tree' })).toBe('applied');
    expect(store.getState()).toEqual({ people: 3, lossPercent: 2, topology: 'mesh', vad: true });
    expect(registry.defaults(instance)).toEqual(defaultInputs(room));
  });
});

describe('every registered figure’s declared inputs', () => {
  it('start on their own range, step and options', () => {
    const off = Object.entries(figureRegistry).flatMap(([name, entry]) =>
      Object.entries(entry.inputs ?? {})
        .filter(([key, spec]) => Object.keys(acceptInputs({ [key]: spec }, { [key]: spec.default }).accepted).length === 0)
        .map(([key]) => `${name}: ${key}`),
    );
    expect(off).toEqual([]);
  });
});
