// What every channel client offers the outbox runner (dispatch.ts).
import type { SummaryFlavor } from '../report/summary.ts';
import type { OnWait } from './retry.ts';
import type { Target } from './targets.ts';

/**
 * Which earlier post a new one edits: the series' post whatever its version (a sticky GitHub comment,
 * the Zulip topic's message), the same version's post only (a Slack bot message), or none (a webhook).
 */
export type EditScope = 'lineage' | 'version' | 'none';

/** One e-mail draft: a file name within the drafts folder and its text. */
export interface DraftFile {
  name: string;
  text: string;
}

export interface Delivery {
  body: string;
  /** The series title (a Zulip topic is made from it). */
  title: string;
  /** E-mail drafts (the email channel only), and the folder they go to within the target's. */
  files?: DraftFile[];
  draftsFolder?: string;
  /** Text that identifies this series' post among the channel's own posts (patchwork: the patch's Message-ID). */
  marker: string;
  /** The remote id of an earlier post this one may edit (per the channel's edit scope). */
  knownId: string | null;
  /** An earlier attempt may have been delivered: look for it before posting. */
  resumed: boolean;
  /** Channel data kept from earlier versions (a Zulip topic). */
  extra: Record<string, string>;
  /** Called before every request that may post (renews the outbox lease). */
  onAttempt: () => void;
  onWait?: OnWait;
}

export interface Delivered {
  /** skipped: nothing to post it on (patchwork: the patch is not on the instance); `note` says why. */
  action: 'created' | 'updated' | 'unchanged' | 'skipped';
  remoteId: string;
  url: string | null;
  extra?: Record<string, string>;
  /** Something the user should know (an edit the server refused, so a new post was made). */
  note?: string;
}

export interface Channel {
  target: Target;
  /** Markup of the summary; email drafts are rendered by report/email.ts, patchwork checks by patchwork.ts instead. */
  flavor: SummaryFlavor | 'email' | 'patchwork';
  /** The summary's size limit in the channel's unit. */
  budget: number;
  editScope: EditScope;
  /** It can look for an earlier delivery (by marker), so a post that may have arrived is never made twice. */
  canFind: boolean;
  /** Secret values to mask in any text that leaves the process. */
  secrets: string[];
  deliver(d: Delivery): Promise<Delivered>;
}
