import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import {
  acceptInputs,
  booleanInput,
  choiceInput,
  defaultInputs,
  defineInputs,
  describeValues,
  formatQuery,
  inputsFromParams,
  inputsToParams,
  listInput,
  MAX_LIST_ITEMS,
  numberChoiceInput,
  numberInput,
} from '@/lib/figures/inputSpec';
import { MAX_INPUTS_JSON_CHARS, sanitizeInputs, serializableInputs } from '@/lib/figures/instanceData';
import { clientMessage } from '@/lib/protocol/messages';
import { applyClassEvent, classInputsFor, emptyClassState } from '@/lib/classroom/state';
import { FigureInputsRegistry } from '@/components/figures/figureInputs';
import { REGION_FIGURE } from '@/lib/voiceservers/region';
import { fiveFriendsInputs, roomInputsOf, DEFAULT_ROOM_INPUTS, simulcastRoom } from '@/lib/simulcast/room';

/**
 * A list input: a figure whose state is a list of things (five friends watching a stream, each with a link,
 * a window and whether it is minimized) declares it like any other input, so a link, an embed and the
 * classroom carry it, and a bad one is refused whole with a sentence that says why.
 */

const friends = fiveFriendsInputs.friends;
const storyFriends = defaultInputs(fiveFriendsInputs).friends;
const params = (query: string) => [...new URLSearchParams(query)];

describe('a list input', () => {
  it('declares each item’s fields with their own bounds, and a length from one to five', () => {
    expect(friends).toMatchObject({ kind: 'list', minLength: 1, maxLength: 5 });
    expect(Object.keys(friends.item)).toEqual(['linkKbps', 'window', 'minimized']);
    expect(describeValues(friends)).toBe('1 to 5 items, each linkKbps,window,minimized, separated by ";"');
    expect(describeValues(friends.item.linkKbps)).toBe('150, 300, 600, 1000, 2000, 3500, 10000, 100000');
  });

  it('starts from the story’s five friends, a fresh copy for each figure', () => {
    expect(storyFriends).toEqual([
      { linkKbps: 100_000, window: 'fullscreen', minimized: false },
      { linkKbps: 300, window: 'small', minimized: false },
      { linkKbps: 10_000, window: 'window', minimized: true },
      { linkKbps: 1000, window: 'window', minimized: false },
      { linkKbps: 10_000, window: 'thumbnail', minimized: false },
    ]);
    expect(defaultInputs(fiveFriendsInputs).friends[0]).not.toBe(storyFriends[0]);
    expect(roomInputsOf(defaultInputs(fiveFriendsInputs))).toEqual(DEFAULT_ROOM_INPUTS);
  });

  it('cannot be declared longer than a link may carry, with a separator in an option, or with a default it refuses', () => {
    const item = { on: booleanInput(false, 'On') };
    expect(() => listInput(item, [], 'Too long', { maxLength: MAX_LIST_ITEMS + 1 })).toThrow(`a list is 0 to ${MAX_LIST_ITEMS} items long`);
    expect(() => listInput({ mode: choiceInput(['a;b', 'c'], 'c', 'Mode') }, [], 'Modes', { maxLength: 2 })).toThrow('may not be empty or hold ";" or ","');
    expect(() => listInput(item, [{ on: false }, { on: true }], 'Pair', { maxLength: 1 })).toThrow('Pair: its default the input takes 0 to 1 item, not 2');
  });

  it('accepts a list whose every item is right, as a copy, and refuses the whole list for one wrong field', () => {
    const two = [
      { linkKbps: 2000, window: 'small', minimized: false },
      { linkKbps: 150, window: 'thumbnail', minimized: true },
    ];
    const { accepted } = acceptInputs(fiveFriendsInputs, { friends: two });
    expect(accepted).toEqual({ friends: two });
    expect((accepted.friends as object[])[0]).not.toBe(two[0]);

    const wrong = (friendsValue: unknown) => acceptInputs(fiveFriendsInputs, { friends: friendsValue });
    const cases: [unknown, string][] = [
      ['300,small,false', 'friends takes a list of 1 to 5 items, not "300,small,false"'],
      [[], 'friends takes 1 to 5 items, not 0'],
      [[...storyFriends, storyFriends[0]], 'friends takes 1 to 5 items, not 6'],
      [[{ ...two[0], window: 'huge' }], 'item 1\'s window in friends takes fullscreen, window, small, thumbnail, not "huge"'],
      [[two[0], { ...two[1], linkKbps: 400 }], "item 2's linkKbps in friends takes 150, 300, 600, 1000, 2000, 3500, 10000, 100000, not 400"],
      [[{ linkKbps: 300, window: 'small' }], 'item 1 in friends has no minimized'],
      [[{ ...two[0], colour: 'red' }], 'item 1 in friends has "colour", which is not one of its fields (linkKbps, window, minimized)'],
      [[two[0], null], 'item 2 in friends is null, not an item with linkKbps, window, minimized'],
    ];
    for (const [value, message] of cases) expect(wrong(value)).toEqual({ accepted: {}, rejected: ['friends'], errors: [{ name: 'friends', message }] });
  });
});

describe('a list input in a URL', () => {
  const changed = [
    { linkKbps: 100_000, window: 'fullscreen', minimized: false },
    { linkKbps: 2000, window: 'small', minimized: false },
    { linkKbps: 10_000, window: 'window', minimized: false },
  ];

  it('is one readable parameter: items separated by ";", fields in declared order by ","', () => {
    const written = inputsToParams(fiveFriendsInputs, { ...defaultInputs(fiveFriendsInputs), friends: changed }, 'five-friends');
    expect(written).toEqual([['five-friends.friends', '100000,fullscreen,false;2000,small,false;10000,window,false']]);
    const url = new URL('https://example.test/learn/simulcast');
    url.search = formatQuery(written);
    expect(url.href).toBe('https://example.test/learn/simulcast?five-friends.friends=100000,fullscreen,false;2000,small,false;10000,window,false');
    // Still percent-encoded where a query needs it.
    expect(formatQuery([['a b', 'x&y=z#']])).toBe('a%20b=x%26y%3Dz%23');
  });

  it('reads back exactly the list it wrote, and leaves the story’s friends out of the link', () => {
    const url = new URL(`https://example.test/?${formatQuery(inputsToParams(fiveFriendsInputs, { friends: changed, source: '1080p' }, 'five-friends'))}`);
    expect(inputsFromParams(fiveFriendsInputs, url.searchParams, 'five-friends')).toEqual({
      inputs: { source: '1080p', friends: changed },
      rejected: [],
      errors: [],
    });
    // Also when something on the way wrote the separators %3B and %2C.
    expect(inputsFromParams(fiveFriendsInputs, params('friends=300%2Csmall%2Ctrue%3B150%2Cwindow%2Cfalse')).inputs).toEqual({
      friends: [
        { linkKbps: 300, window: 'small', minimized: true },
        { linkKbps: 150, window: 'window', minimized: false },
      ],
    });
    expect(inputsToParams(fiveFriendsInputs, defaultInputs(fiveFriendsInputs))).toEqual([]);
  });

  it('refuses a mangled list whole, saying which item and field and what it takes, and keeps the good parameters', () => {
    const read = (query: string) => inputsFromParams(fiveFriendsInputs, params(query));
    const cases: [string, string][] = [
      ['friends=300,small', 'item 1 in friends has 2 values, "300,small"; each item is linkKbps,window,minimized'],
      ['friends=300,small,false;300,huge,false', 'item 2\'s window in friends takes fullscreen, window, small, thumbnail, not "huge"'],
      ['friends=3e2,small,no', 'item 1\'s minimized in friends takes true or false, not "no"'],
      ['friends=fast,small,false', 'item 1\'s linkKbps in friends takes 150, 300, 600, 1000, 2000, 3500, 10000, 100000, not "fast"'],
      ['friends=', 'friends takes 1 to 5 items, not 0'],
      [`friends=${Array(6).fill('300,small,false').join(';')}`, 'friends takes 1 to 5 items, not 6'],
      [`friends=${'1'.repeat(5000)}`, 'friends is 5000 characters long, more than a list of 1 to 5 items needs'],
    ];
    for (const [query, message] of cases) {
      const { inputs, errors } = read(`${query}&source=360p`);
      expect(inputs).toEqual({ source: '360p' });
      expect(errors.map((error) => error.message)).toEqual([message]);
    }
  });
});

describe('a list input through the inputs layer and the classroom', () => {
  const instance = { chapter: 'simulcast', figure: 'simulcast/five-friends', occurrence: 0 };
  const two = [
    { linkKbps: 600, window: 'window', minimized: false },
    { linkKbps: 150, window: 'small', minimized: true },
  ];

  function figure() {
    const registry = new FigureInputsRegistry();
    const store = createStore(() => defaultInputs(fiveFriendsInputs));
    registry.register(instance, store, defaultInputs(fiveFriendsInputs), fiveFriendsInputs);
    return { registry, store };
  }

  it('is read as plain data and applied as a copy; a bad list changes nothing', () => {
    const { registry, store } = figure();
    expect(registry.read(instance)).toEqual(defaultInputs(fiveFriendsInputs));
    expect(registry.apply(instance, { friends: two })).toBe('applied');
    expect(store.getState().friends).toEqual(two);
    expect(store.getState().friends).not.toBe(two);
    expect(registry.apply(instance, { friends: [{ ...two[0], window: 'huge' }] })).toBe('ignored');
    expect(registry.apply(instance, { friends: [...two, ...two, ...two] })).toBe('ignored');
    expect(store.getState().friends).toEqual(two);
    // The model computes the figure from what was applied: two friends, named by their place; 600 kbps is
    // short of the 360p layer's 700 kbps ceiling with the policy's 20 % headroom (840), so Friend A gets 180p.
    expect(simulcastRoom(roomInputsOf(store.getState())).friends.map((friend) => [friend.name, friend.rid])).toEqual([
      ['Friend A', 'q'],
      ['Friend B', null],
    ]);
  });

  it('travels from the instructor’s figure to a follower’s exactly as the instructor set it', () => {
    const instructor = figure();
    instructor.store.setState({ friends: two, pauseUnwatched: false });
    const sent = { type: 'class-event', event: { t: 'FIGURE_INPUTS', d: { instance, inputs: instructor.registry.read(instance) } } };
    // Over the socket as JSON, checked at the boundary like every message.
    const parsed = clientMessage.safeParse(JSON.parse(JSON.stringify(sent)));
    expect(parsed.success).toBe(true);
    if (!parsed.success || parsed.data.type !== 'class-event' || parsed.data.event.t !== 'FIGURE_INPUTS') throw new Error('not a class event');
    const state = applyClassEvent(emptyClassState, parsed.data.event);
    const follower = figure();
    expect(follower.registry.apply(instance, classInputsFor(state, instance))).toBe('applied');
    expect(follower.store.getState()).toEqual({ source: '720p', pauseUnwatched: false, friends: two });
  });

  it('is refused at the socket when it is bigger than any figure’s list', () => {
    const message = (list: unknown) => ({ type: 'class-event', event: { t: 'FIGURE_INPUTS', d: { instance, inputs: { friends: list } } } });
    expect(clientMessage.safeParse(message(Array(MAX_LIST_ITEMS).fill(two[0]))).success).toBe(true);
    expect(clientMessage.safeParse(message(Array(MAX_LIST_ITEMS + 1).fill(two[0]))).success).toBe(false);
    expect(clientMessage.safeParse(message([Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`f${i}`, 1]))])).success).toBe(false);
    expect(clientMessage.safeParse(message([{ nested: { deeper: 1 } }])).success).toBe(false);
    // Within every count, but more than a figure's inputs need: a class keeps 64 figures' inputs and sends them to each follower.
    const long = Array.from({ length: MAX_LIST_ITEMS }, () => Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`field${i}`, 'x'.repeat(60)])));
    expect(JSON.stringify({ friends: long }).length).toBeGreaterThan(MAX_INPUTS_JSON_CHARS);
    expect(clientMessage.safeParse(message(long)).success).toBe(false);
  });

  it('fits the longest list a figure declares within what a figure’s inputs may take on the socket', () => {
    const { maxActions, serverCountMax, guildCount } = REGION_FIGURE;
    const clicks = Array.from({ length: maxActions }, (_, i) => ({ type: i % 2 ? 'recover' : 'fail', serverId: serverCountMax - 1, afterJoins: guildCount }));
    expect(JSON.stringify({ serverCount: serverCountMax, joined: guildCount, actions: clicks }).length).toBeLessThan(MAX_INPUTS_JSON_CHARS);
  });
});

describe('a list in a store without declared inputs', () => {
  const defaults = { lanes: [{ loss: 2, on: true }], speed: 1 };

  it('is taken by type, item by item, like flat inputs', () => {
    expect(sanitizeInputs(defaults, { lanes: [{ loss: 5, on: false }, { loss: 1, on: true }] })).toEqual({ lanes: [{ loss: 5, on: false }, { loss: 1, on: true }] });
    expect(sanitizeInputs(defaults, { lanes: [{ loss: '5', on: false }] })).toBeNull();
    expect(sanitizeInputs(defaults, { lanes: [{ loss: 5 }] })).toBeNull();
    expect(sanitizeInputs(defaults, { lanes: { loss: 5, on: false } })).toBeNull();
  });

  it('is plain data only when it is a short list of flat items', () => {
    expect(serializableInputs({ lanes: [{ loss: 2, on: true }], speed: 1 })).toEqual({ lanes: [{ loss: 2, on: true }], speed: 1 });
    expect(serializableInputs({ lanes: [{ loss: { nested: 1 } }], cursor: [1, 2] })).toEqual({});
  });
});

describe('scalar and list inputs declared together', () => {
  it('write and read a whole figure’s inputs', () => {
    const spec = defineInputs({
      people: numberInput({ min: 2, max: 50, step: 1 }, 10, 'People'),
      rooms: listInput({ size: numberChoiceInput([2, 4, 8], 4, 'Size'), open: booleanInput(true, 'Open') }, [{ size: 4, open: true }], 'Rooms', { maxLength: 3 }),
    });
    const inputs = { people: 12, rooms: [{ size: 8, open: false }, { size: 2, open: true }] };
    const query = formatQuery(inputsToParams(spec, inputs));
    expect(query).toBe('people=12&rooms=8,false;2,true');
    expect(inputsFromParams(spec, params(query)).inputs).toEqual(inputs);
  });
});
