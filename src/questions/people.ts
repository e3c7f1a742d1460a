// Who wrote a reply: bots and CI systems, the series author, and name matching
// for changelog credits. Pure.
import type { Address } from '../model.ts';

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
  const email = from.email.toLowerCase();
  if (email && BOT_EMAILS.some((re) => re.test(email))) return true;
  return BOT_NAMES.some((re) => re.test(from.name));
}

function plainName(name: string): string {
  return name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/["']/g, '').replace(/\s+/g, ' ').trim().toLowerCase();
}

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

/** Whether `text` names the person as a whole word (full name, first or last name, mailbox name). */
export function mentionsPerson(text: string, person: Address): boolean {
  const hay = ` ${text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[\u2019`]/g, "'").replace(/[^a-z0-9@.' -]+/g, ' ')} `;
  return nameForms(person).some((form) => {
    const escaped = form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`[^a-z0-9]${escaped}(?:'s)?[^a-z0-9]`).test(hay);
  });
}
