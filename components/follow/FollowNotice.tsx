import Link from 'next/link';
import { formatClassCode, type InvalidReason } from '@/lib/protocol/gateway';

/** The clear page for a code that does not work: what happened and what to do. */
export function FollowNotice({ code, reason }: { code: string | null; reason: InvalidReason | 'bad-code' }) {
  const shown = code ? formatClassCode(code) : null;
  const [heading, body] =
    reason === 'ended'
      ? [`Class ${shown} has ended`, 'The instructor ended this class. The whole episode is still here to read at your own pace.']
      : reason === 'bad-code'
        ? ['That is not a class code', 'A class code is six letters and digits, like ABC 234. Check the code on the projector and try again.']
        : reason === 'full'
          ? [`Class ${shown} is full`, 'This class has as many followers as the server allows. You can still read along on your own.']
          : [`There is no class ${shown}`, 'No class on this server has that code. Check the code on the projector; it may also have ended a while ago.'];
  return (
    <div role="alert" data-follow-error={reason} className="follow-notice">
      <h1>{heading}</h1>
      <p>{body}</p>
      <p>
        <Link className="button button-primary" href="/">
          Read the episode
        </Link>
      </p>
    </div>
  );
}
