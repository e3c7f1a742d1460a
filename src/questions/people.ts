// Who wrote a reply: bots and CI systems, the series author, and name matching
// for changelog credits. Pure.
import type { Address } from '../domain/mail.ts';

const BOT_EMAILS: RegExp[] = [
  /^lkp@intel\.com$/,
  /^syzbot/,
  /(?:^|[._+-])bot(?:[@+._-]|$)/,
  /@bots?\./,
  /^(noreply|no-reply|do-not-reply|donotreply)@/,
  /^(ci|kernelci|patchwork|checkpatch|linux-ci|lkft|build|buildbot|0day)[@.-]/,
  /@(kernelci\.org|lists\.linaro\.org|linaro\.org\.?ci)$/,
];

const BOT_NAMES: RegExp[] = [
  /\bkernel test robot\b/i,
  /\bsyzbot\b/i,
  /\bbot\b/i,
  /-bot\b/i,
  /\[bot\]/i,
  /\bpatchwork\b/i,
  /\b(CI|KernelCI|kernelci|LKFT|lkft)\b/,
  /\b(build|test) (robot|service|system)\b/i,
  /\b(ai|llm|automated) review/i,
  /\breview(er)? ?bot\b/i,
  /\bautomation\b/i,
  /\bKernel Functional Testing\b/i,
];

/** True for robots, CI systems and review bots, by address or display name. */
export function isBot(from: Address): boolean {
  return knownBot(`${from.email.toLowerCase()}\u0000${from.name}`);
}

function botByKey(key: string): boolean {
  const at = key.indexOf('\u0000');
  const email = key.slice(0, at);
  if (email && BOT_EMAILS.some((re) => re.test(email))) return true;
  const name = key.slice(at + 1);
  return BOT_NAMES.some((re) => re.test(name));
}

/** Bounded memo: the same few senders are compared again and again within a thread. */
function memo<T>(limit: number, compute: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let v = cache.get(key);
    if (v === undefined) {
      if (cache.size >= limit) cache.clear();
      cache.set(key, (v = compute(key)));
    }
    return v;
  };
}

/** The same few senders come back in every thread: each is classified once. */
const knownBot = memo(4096, botByKey);

const plainName = memo(4096, (name) => name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/["']/g, '').replace(/\s+/g, ' ').trim().toLowerCase());

/** Same person: same address, or the same non-empty display name. */
export function samePerson(a: Address, b: Address): boolean {
  if (a.email && b.email && a.email.toLowerCase() === b.email.toLowerCase()) return true;
  const an = plainName(a.name);
  return an.length > 0 && an.includes(' ') && an === plainName(b.name);
}

/** The series author, or one of the addresses they sent the series from. */
export function isAuthor(from: Address, authors: readonly Address[]): boolean {
  return authors.some((a) => samePerson(from, a));
}

/** The words a person can be credited by: full name, first name, last name, mailbox name. */
export function nameForms(person: Address): string[] {
  const forms = new Set<string>();
  const name = plainName(person.name.replace(/\(.*?\)/g, ''));
  if (name) {
    forms.add(name);
    const parts = name.split(' ').filter((p) => p.length >= 2);
    if (parts.length >= 2) {
      forms.add(parts[0]!);
      forms.add(parts[parts.length - 1]!);
    }
  }
  const local = person.email.split('@')[0]?.toLowerCase() ?? '';
  if (local.length >= 3 && !/^(mail|info|dev|linux|kernel)$/.test(local)) forms.add(local);
  return [...forms];
}

/** One pattern per person: any of their name forms as a whole word. */
const personPattern = memo(1024, (key) => {
  const [name, email] = JSON.parse(key) as [string, string];
  const forms = nameForms({ name, email }).map((form) => form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return forms.length ? new RegExp(`[^a-z0-9](?:${forms.join('|')})(?:'s)?[^a-z0-9]`) : null;
});

/** Whether `text` names the person as a whole word (full name, first or last name, mailbox name). */
export function mentionsPerson(text: string, person: Address): boolean {
  const re = personPattern(JSON.stringify([person.name, person.email]));
  if (!re) return false;
  const hay = ` ${text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[\u2019`]/g, "'").replace(/[^a-z0-9@.' -]+/g, ' ')} `;
  return re.test(hay);
}
