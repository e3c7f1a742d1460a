// Plain-text synthetic mail written as an mbox, for tests that make their own small threads.

export interface PlainMail {
  id: string;
  from: string;
  to: string;
  cc?: string;
  subject: string;
  date: string;
  /** The message it answers; References defaults to it alone. */
  parent?: string;
  refs?: string[];
  body: string[];
}

/** The mails as one mbox (mboxo "From " lines; bodies are not escaped, so keep them free of "From " lines). */
export function plainMbox(mails: readonly PlainMail[]): string {
  return mails.map((m) => [
    `From ${m.id.split('@')[0]} Mon Sep 17 00:00:00 2001`,
    `From: ${m.from}`,
    `To: ${m.to}`,
    ...(m.cc ? [`Cc: ${m.cc}`] : []),
    `Subject: ${m.subject}`,
    `Date: ${m.date}`,
    `Message-ID: <${m.id}>`,
    ...(m.parent ? [`In-Reply-To: <${m.parent}>`, `References: ${(m.refs ?? [m.parent]).map((r) => `<${r}>`).join(' ')}`] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    '',
    ...m.body,
    '',
  ].join('\n')).join('\n');
}
