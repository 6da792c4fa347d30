import styles from './Room.module.css';

interface RoomActionsProps {
  /** The page's client: asks the server for one more bot in the room, or one fewer. */
  client: { addBot(): void; removeBot(): void };
  /** Whether "Add a bot" can be used now, and, when it cannot, the id of what says why. */
  canAdd: boolean;
  whyNotAdd?: string;
  /** Whether there is a bot to remove. */
  canRemove: boolean;
  onLeave: () => void;
}

/** The joined room's buttons, in an SFU room and in a mesh room alike: add a bot, remove one, leave. */
export function RoomActions({ client, canAdd, whyNotAdd, canRemove, onLeave }: RoomActionsProps) {
  return (
    <div className={styles.actions}>
      <button
        type="button"
        className="button"
        data-control="add-bot"
        onClick={() => client.addBot()}
        disabled={!canAdd}
        aria-describedby={canAdd ? undefined : whyNotAdd}
      >
        Add a bot
      </button>
      <button type="button" className="button" data-control="remove-bot" onClick={() => client.removeBot()} disabled={!canRemove}>
        Remove a bot
      </button>
      <button type="button" className="button" data-control="leave" onClick={onLeave}>
        Leave
      </button>
    </div>
  );
}
