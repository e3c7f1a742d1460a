// What one review comment (a block of the reviewer's own text) does: asks a question, requests a
// change, raises a concern or objection, acks, or only chats. Cues are general English and kernel
// review conventions: modal and hedged requests ("you also want to", "I think you can drop"),
// imperatives ("Use foo()."), problem statements ("this is racy"), conditional acks, rhetorical
// questions and questions in parentheses or quotes. Pure.
import { isQuestionSentence, splitSentences } from './text.ts';

export type CommentKind = 'question' | 'request' | 'concern' | 'ack' | 'chat';

export interface CommentClass {
  kind: CommentKind;
  /** Indexes of the sentences that ask, request or object, in order. */
  asking: number[];
}

/** A sentence's role. */
export type SentenceRole = 'question' | 'request' | 'concern' | 'ack' | 'other';

const URL = /\b(?:https?|ftp):\/\/\S+/gi;

/** Characters an aside or a URL starts with: most sentences have none and are used as they are. */
const ASIDE_HINT = /[(["'`“]|:\/\//;

/**
 * Words without which no sentence asks, requests or objects (with IMPERATIVE_VERBS, "?", "()", "s/"
 * and "_": MAY_ASK, a cheap first look at a reply; most that have none of them are acks and thanks).
 */
const MAY_ASK_WORDS = 'please|should|shouldn|need|needs|must|want|wants|could|would|can|cannot|why|how|what|which|where|when|whether|nak|nack|wrong|' +
  'rather|prefer|suggest|recommend|propose|better|nicer|cleaner|simpler|safer|instead|missing|broken|racy|race|leak|bug|issue|problem|concern|' +
  "not|don|doesn|isn|won|unnecessary|unneeded|redundant|superfluous|pointless|typo|nit|consider|maybe|perhaps|probably|either|let|sure|think|" +
  'wonder|seems|looks|hard|harder|fails|failed|failing|fail|error|warning|crash|triggerable|reachable|userspace|overkill|odd|weird|strange|' +
  'dodgy|hacky|ugly|confusing|misleading|inaccurate|deadlock|overflow|underflow|free|feel|ok|okay|has|have|go|also|similar|similarly';

/** Text in parentheses, brackets or quotes: a "?" there ("(or is it?)", "the 'why?' case") does not ask. */
export function withoutAsides(sentence: string): string {
  // A sentence written wholly as an aside ("[ as for speed, this would suffer ]") is read as it is.
  let s = sentence.replace(URL, ' ').replace(/^\s*[[(]\s*([^()[\]]*?)\s*[\])]\s*[.!]?\s*$/, '$1');
  for (let i = 0; i < 3; i++) {
    const next = s.replace(/\([^()]*\)/g, ' ').replace(/\[[^[\]]*\]/g, ' ');
    if (next === s) break;
    s = next;
  }
  // An aside cut in two by the sentence split ("... (could we? probably not)"): its open or closing half.
  s = s.replace(/\([^()]*$/, ' ').replace(/^[^()]*\)/, ' ');
  return s.replace(/"[^"]*"/g, ' ').replace(/“[^”]*”/g, ' ').replace(/(^|\s)'[^']*'(?=[\s.,;:!?]|$)/g, '$1 ').replace(/`[^`]*`/g, ' ');
}

const REQUESTS: RegExp[] = [
  /\bplease\b(?!\s+(?:ignore|disregard|let me know|feel free|add my|take my|keep me|cc me|consider this|see (?:below|above)|correct me|holler|shout|speak up|yell|do not hesitate|don't hesitate|bear with me|excuse|forgive|note that i|find attached|find below|pull))/i,
  /\b(?:can|could|would) (?:you|we)\b/i,
  /\bi(?:'d| would) (?:rather|prefer|suggest|recommend|like to|like you to|like it|like this|like that|just|simply|go with|use|drop|add|keep|move|rename|make|avoid|really|also|probably)\b/i,
  /\bi (?:(?:really|strongly|would|will|also|still|'d) )?(?:suggest|recommend|prefer|propose)\b/i,
  /(?<!\bi )\bshould (?:just |only |rather |also |really |probably |better )?(?:explain|say|mention|document|describe|use|check|return|call|handle|not|go|live|stay|take|drop|avoid|be (?!(?:fine|ok|okay|safe|good|enough|correct|harmless|possible|able|fixed now|there)\b))/i,
  /\bN[Aa]C?K\b(?:\s+unless)?/,
  /\b(?:this|that|it|which|there|these|those|they) (?:(?:really|probably|also|still|definitely) )?(?:needs|need) (?:to|a|an|some|more|its|proper|the|fixing|fixed)\b/i,
  /\b(?:this|that|it|these|those|they) (?:should|must|ought to) (?:(?:really|probably|also|rather|just|simply|definitely) )?(?:be|not|also|use|have|go|really|probably|only|check|take|return|handle|say|mention|explain|live|stay|move)\b/i,
  /\bshould(?:n't| not)? (?:we|you|this|that|it|there)\b/i,
  /\bwhy not\b/i,
  /\bi think (?:you|we|this|it|that|these|those) (?:(?:really|actually|also|still|probably|just|rather|should) )?(?:need|should|must|have to|want|can|could|would|better)\b/i,
  /\b(?:you|we)(?:'ll| will| would| probably| still| also| really| actually| likely| then| definitely| do)* (?:need|have) to\b/i,
  /\b(?:you|we)(?: (?:also|probably|really|actually|likely|then|still|definitely|might|may))* (?:want|need) (?:to|the|a|an|some|this|that|it|something)\b/i,
  /\byou (?:should|must|may want to|might want to|probably want to|want to|can just|can simply|can drop|can remove|can use|can get rid)\b(?! be\b| have been\b)/i,
  /\bwe (?:should|must|probably want|can just|can simply|can drop|can remove)\b/i,
  /\bi think (?:you|we) can (?:just |simply |safely )?(?:drop|remove|use|get rid|skip|avoid|fold|merge|simplify|move|replace|call|return|reuse)\b/i,
  /\b(?:how|what) about\b/i,
  /\b(?:it|this|that)(?:'d| would| might| may| will) be (?:better|nicer|cleaner|simpler|safer|preferable|good|great|useful|helpful|nice|wise|easier|clearer|more (?:readable|robust|natural|consistent))\b/i,
  /\bit(?:'s| is)? (?:probably |really )?(?:better|preferable|cleaner|safer|simpler) to\b/i,
  /\b(?:it|this|that)(?:'d| would| might| may| could)(?: also)? be (?:reasonable|worth(?:while)?|sensible|wise|preferable) to (?:consider|use|add|have|make|do|keep|drop|remove|move|rename|split|document|check|mention|explain|introduce|return|handle|fall back|provide)\b/i,
  /\b(?:might|may|would|could) be a (?:better|nicer|clearer|more (?:appropriate|suitable|fitting|accurate|descriptive)) (?:name|fit|place|home|choice|option|approach|title|subject|interface)\b/i,
  /\bbetter to\b/i,
  /^nit\b/i,
  /\bnit:/i,
  /\b(?:all )?(?:these|those|this|that|the) [\w-]+(?:\(\))?s? (?:needs? to|has to|have to|should|must) go\b/i,
  /\b(?:needs?|has|have) to go(?: away)?\b/i,
  /\bshould (?:go away|be (?:dropped|removed|gone|avoided|split|squashed|folded|merged|renamed|moved|documented|explained|static|const))\b/i,
  /^either (?:use|drop|remove|add|move|make|keep|just|do|rename|document|split|take)\b/i,
  /\beither [\w ()-]{1,60}? or (?:drop|remove|use|add|move|make|keep|just|do|document|rename|get rid)\b/i,
  /\bno need (?:to|for)\b/i,
  /\b(?:is|are|seems?|looks?) (?:not needed|unnecessary|unneeded|superfluous|redundant|pointless|dead code|unused)\b/i,
  /\bcan (?:likely |probably |easily |just |simply |then |now )?be (?:dropped|removed|simplified|replaced|static|const|folded|merged|avoided|made|moved|skipped|inlined|squashed|killed|reduced|shortened|trimmed|condensed|reworded|rephrased|improved|clarified|cleaned up)\b/i,
  /\b(?:maybe|perhaps|probably) (?:just |simply |better |also )?(?:use|add|drop|remove|move|rename|split|make|call|check|document|keep|switch|return|pass|take|introduce|convert|mention|explain|we|you)\b/i,
  /\bconsider (?:using|adding|dropping|removing|moving|renaming|making|splitting|switching|documenting|calling|checking|returning|passing)\b/i,
  /\blet's (?:not |just |also )?(?:use|add|drop|remove|move|rename|split|make|keep(?! (?:it|this|that|them|your|the) (?:current|existing|as is|as it is|the way it is))|switch|do|go|avoid|document|call|check)\b/i,
  /\bwouldn't it be (?:better|easier|simpler|cleaner|safer|nicer)\b/i,
  /(?:^|\s)s\/[^/\s]+\/[^/\s]*\/g?(?=$|[\s.,;])/,
  /\btypo\b/i,
  /(?<!\b(?:i|we|they|you|it|he|she|that|this|which|who|users?|people|callers?)\s)\b(?:don't|do not|never|no need to) (?:use|call|add|take|hold|drop|remove|return|touch|bother|export|expose|put|make|open-code|duplicate|rely|assume|change|introduce|do|mix|break|leak|ignore|hardcode|hard-code)\b/i,
  /\byou (?:could|can) (?:just |simply |also |easily |instead )?(?:fix|use|check|drop|add|avoid|move|do|make|call|return|skip|rely|get rid|remove|reuse|simplify|overwrite|override|hook|replace|pass|split|merge|fold|squash|convert|wrap|extend|document|mention)\b/i,
  /\byou (?:don't|do not|shouldn't|should not) (?:really |even |actually )?need (?:this|that|it|these|those|the|a|an|to)\b/i,
  /\b(?:it|this|that|these|those|they) (?:(?:really|actually|even|probably) )?(?:doesn't|does not|don't|do not) need (?:a|an|the|to|this|that|any|its)\b/i,
  /\bmake sure\b/i,
  /\b(?:this|that|it|these|those|they|[\w-]+) (?:(?:probably|also|still|really|definitely|then) )?(?:has|have|needs?) to be (?:\w+ed|done|taken|kept|made|held|split|set|reset|put|written|rewritten|redone)\b/i,
  /\bmissing (?:a |an |the )?(?:[\w-]+(?:\(\))? )?(?:check|call|lock|unlock|barrier|flush|put|free|break|return|newline|comment|description|documentation|test|word|space|parenthes[ie]s|brace|sign-?off|signed-off-by|fixes tag)\b/i,
  /\bsimilar(?:ly)?[,:]? [A-Za-z_]\w*\(\)/i,
];

/** Verbs a review opens an imperative with ("Drop the counter.", "Use folio_get()."). */
const IMPERATIVE_VERBS = ('drop|remove|rename|split|squash|document|replace|avoid|move|keep|switch|fold|convert|factor|add|use|make|call|check|' +
  'return|handle|pass|put|mark|fix|update|merge|inline|open-code|simplify|clarify|explain|describe|mention|change|guard|protect|take|hold|' +
  'reorder|restore|revert|introduce|define|declare|initiali[sz]e|limit|reject|refuse|bail|warn|expose|export|hide|spell|reword|rephrase|sort|' +
  'align|cc|test|verify|wrap|unwrap|flip|invert|swap|lock|unlock|free|release|zero|clear|set|reset|annotate|cast|prefix|rebase|resend|' +
  'respin|repost|separate|extract|combine|kill|get rid of|stick to|go with|leave');
const IMPERATIVE_VERB = new RegExp(String.raw`^(?:(?:and|also|so|then|just|maybe|perhaps|please|instead|rather|otherwise|here|again)[,]?\s+)*(?:${IMPERATIVE_VERBS})\b`, 'i');
/** What the imperative acts on: a pronoun or article, a particle, or a name written as code (case matters). */
const IMPERATIVE_OBJECT = new RegExp(String.raw`^(?:\s+(?:it|them|this|that|these|those|the|a|an|out|up|down|away|in|into|to|back|over|off|all|each|every|both|any|some|only|here|there|instead|` +
  String.raw`[A-Za-z_]\w*_\w*|[A-Z][a-z0-9]+[A-Z]\w*|[A-Za-z_]\w*\(\)|-?E[A-Z]{2,}|[A-Z][A-Z0-9_]{2,}|'[^']+'|"[^"]+"|\x60[^\x60]+\x60)(?![\w])|\s*:)`);

/** "Drop the counter.", "Use folio_get().", "Also, rename it": an imperative with what it acts on. */
function isImperative(sentence: string): boolean {
  const m = IMPERATIVE_VERB.exec(sentence);
  return m !== null && IMPERATIVE_OBJECT.test(sentence.slice(m[0].length));
}

/** A first look at a reply's own text: none of these words, nothing in it asks (a superset of every cue below). */
export const MAY_ASK = new RegExp(String.raw`\?|\b(?:${MAY_ASK_WORDS}|${IMPERATIVE_VERBS})\b|\(\)|\bs\/|_`, 'i');

/** A comment that is only an identifier or call ("folio_get()" under quoted code): use this instead. */
const BARE_IDENTIFIER = /^(?:[A-Za-z_]\w*_\w*|[A-Za-z_]\w*\(\)|[A-Z][a-z0-9]+[A-Z]\w*)(?:\(\))?[.!]?$/;

const CONCERNS: RegExp[] = [
  /\b(?:this|that|it|which|the above|the (?:code|check|test|loop|lock|change|patch|comment|counter|condition|logic|helper|function|call|caller|value|result|ordering|order|calculation|accounting))(?: (?:still|also|really|just|actually|now))?(?:'s| is| looks| seems| sounds| would be| will be| might be| may be| can be| could be)(?: (?:also|still|just|actually|really|quite|very|clearly|definitely|probably|totally|completely|a bit|a little|kind of|somewhat|slightly))? (?:wrong|broken|racy|buggy|incorrect|unsafe|not safe|dangerous|bogus|suspicious|fishy|dodgy|sketchy|iffy|hacky|ugly|awkward|overkill|excessive|odd|weird|strange|questionable|problematic|confusing|misleading|fragile|inconsistent|insufficient|incomplete|inaccurate|unclear|not enough|not sufficient|not correct|not right|not true|not accurate|not ideal|a (?:bug|problem|regression|leak|race|hack|layering violation)|an? (?:issue|abuse))\b/i,
  /\bi think (?:this|that|it|the [\w-]+) (?:is|are|was|looks|seems) (?:the )?(?:wrong|broken|racy|buggy|incorrect|unsafe|not (?:safe|correct|right|needed|enough)|a bug|backwards)\b/i,
  /\b(?:the )?wrong (?:counter|lock|order|type|value|size|flag|variable|function|helper|place|level|direction|check|condition|argument|parameter|sign|unit|page|folio|mm|vma|api)\b/i,
  /\b(?:can|could|will|would|might|may) (?:race|deadlock|crash|leak|overflow|underflow|hang|livelock|oops|panic|corrupt|sleep in atomic|use-after-free|double free)\b/i,
  /\b(?:can|could|will|would|might|may) (?:easily |still |then )?(?:trigger|hit|break|fail|miss|lose|skip|return garbage|end up|result in|cause|lead to)\b/i,
  /\b(?:is|are|be) (?:easily |trivially )?(?:triggerable|reachable|exploitable|controllable) (?:by|from|via) (?:userspace|user space|users?|unprivileged)\b/i,
  /\b(?:userspace|user space|an? (?:unprivileged )?user) (?:can|could|may) (?:easily |trivially )?(?:trigger|hit|crash|abuse|cause|exploit|make)\b/i,
  /\b(?:is|are) (?:missing|not handled|leaked|never freed|not freed|not released|never released|not initiali[sz]ed|uninitiali[sz]ed|not protected|unprotected|not checked|unchecked|not accounted|double[- ]counted)\b/i,
  /\b(?:doesn't|does not|won't|will not|can't|cannot|isn't going to|is not going to) (?:(?:really|actually|quite|even|always|properly|correctly) )?(?:work|compile|build|handle|account|explain|cover|match|hold|protect|scale|apply)\b/i,
  /\bthere(?:'s| is| are| seems to be| might be| may be| could be) (?:a |an |still a |still an |also a |also an )?(?:(?:theoretical|potential|subtle|real|serious|small|minor|big|remaining|similar|possible|nasty) )?(?:race|leak|bug|problem|issue|deadlock|use-after-free|overflow|underflow|off-by-one|inconsistency|mismatch|regression)\b/i,
  /\b(?:hard|harder|difficult|tricky) to (?:read|follow|understand|review|parse|reason about|maintain|decode|grasp)\b/i,
  /\b(?:the|this) (?:error|warning|failure|crash|splat|oops|bug|test|build) (?:is )?(?:triggering|triggers|fires|shows up|happens|occurs|fails|failing|breaks|broke)\b/i,
  /\bi(?:'m| am)? (?:seeing|hitting|getting|hit|see|get|got) (?:a |an |this |the |these |some )?(?:[\w-]+ )?(?:error|warning|failure|crash|splat|oops|bug|hang|deadlock|lockdep|regression|build failure|oom)s?\b/i,
  /\b(?:fails|failed|failing|breaks|broke) (?:to build|the build|to compile|for me|on (?:arm64|x86|i386|powerpc|s390|riscv|my))\b/i,
  /\bwould (?:suffer|hurt|regress|be (?:slow|slower|a problem|wrong|broken))\b/i,
  /\b(?:will|would|could|might|may|'d|'ll) be an? (?:[\w-]+ )?(?:leak|problem|issue|bug|race|regression|deadlock|burden|pain|nightmare|headache)\b/i,
  /\b(?:is|are|be|seems|looks) (?:(?:rather|quite|very|a bit|somewhat|pretty|really) )?(?:unfortunate|undesirable|unacceptable|concerning|worrying|a shame)\b/i,
  /\b(?:this|the|that) (?:patch|change|commit|series) (?:is )?(?:causing|causes|caused|breaks|broke|triggers|introduces|regresses)\b/i,
  /\bthere(?:'s| is) no (?:check|guarantee|lock|locking|protection|barrier|reason|user|need|point|mention|word|explanation|description|justification|rationale)\b/i,
  /\bi (?:don't|do not|can't|cannot) (?:think|see|like|understand|buy|follow|agree)\b/i,
  /\bi(?:'m| am) not (?:sure|convinced|a (?:big )?fan|happy|comfortable|thrilled|keen|following)\b/i,
  /^(?:not sure|unclear|i wonder)\b/i,
  /^strictly speaking\b/i,
  /\bi (?:really )?(?:dislike|hate|object to|am against)\b/i,
  /\bis going to (?:miss|break|fail|hurt|leak|race|crash|cause|be (?:a problem|wrong|slow))\b/i,
  /\bwill (?:hurt|break|miss|fail|regress|leak)\b/i,
  /\b(?:use-after-free|double free|off-by-one|null (?:pointer )?dereference|memory leak|refcount leak|deadlock|livelock|data race|lock inversion|soft lockup|sleeping in atomic)\b/i,
  /\bthis (?:breaks|changes the (?:uapi|abi|behaviou?r)|regresses|introduces a)\b/i,
  /\b(?:makes|make) no sense\b/i,
  /\b(?:is|looks|seems|feels) (?:(?:a bit|rather|quite|really|very|somewhat|kind of|slightly|pretty) )?(?:weird|odd|strange|hacky|fragile|confusing|misleading|bogus|fishy|questionable|overkill)\b/i,
  /\b(?:probably |likely |certainly )?not (?:wanted|desired|desirable|what we want)\b/i,
  /\bnot (?:a |an |the )?(?:good|right|proper|complete|clean|great|ideal)\s+(?:solution|approach|fit|idea|way|place|interface|abstraction|design)\b/i,
  /\bdoesn't (?:make|seem to make) (?:much |any )?sense\b/i,
  /\b(?:too|overly) (?:complicated|complex|expensive|heavy|slow|broad|big|large|generic|specific|late|early|strict|lax)\b/i,
];

const ACK = /^(?:(?:looks|look|seems?) (?:good|fine|ok|okay|correct|sane|reasonable|right|great)|lgtm|(?:acked|reviewed|tested)-by|ack(?:ed)?\b|nice(?: work| catch| find| cleanup| one)?\b|(?:good|great|nice) (?:catch|find|work|idea|cleanup|point|patch|change)|thanks|thank you|agreed|makes sense|fair enough|sounds (?:good|fine|reasonable|great)|yes|yep|yeah|right|ok(?:ay)?|sure|indeed|exactly|correct|\+1|same here|i agree|feel free to add|for the (?:series|whole series|patch|set)\b|(?:with|other than) (?:that|this)[,]? (?:feel free|looks|lgtm|acked|reviewed))/i;

/** A question the asker answers at once ("Why? Because ...", "Is it needed? No."): rhetorical. */
const SELF_ANSWER = /^(?:because\b|simply because|well,|the answer is|answer:|(?:yes|no|nope|of course|obviously|exactly|none|nothing|nobody|never)(?:[.!,;:]?\s*$|[.!,:;]\s))/i;
/** Formulaic questions that ask nothing. */
const FORMULAIC = /^(?:who (?:cares|knows)|so what|what else|guess what|how come|why not|right|no|huh|eh|isn'?t it|don'?t you think|see|hm+|ok(?:ay)?|anyone|thoughts|makes sense|does that make sense|why bother|what gives)\s*\?+$/i;

/** Sentence roles, cheapest test first. */
/** "1) ", "(a) ", "- ": a list item's marker, which says nothing about what the item does. */
const LIST_MARKER = /^\s*(?:\(?\d{1,2}[).:]|\(?[a-h]\)|[-*])\s+/;

export function sentenceRole(sentence: string, next: string | undefined): SentenceRole {
  const listed = LIST_MARKER.test(sentence);
  const bare = listed ? sentence.replace(LIST_MARKER, '') : sentence;
  // A list item that is only a name ("- usage_usec") lists things; it asks for nothing.
  if (listed && BARE_IDENTIFIER.test(bare.trim())) return 'other';
  const plain = ASIDE_HINT.test(bare) ? withoutAsides(bare) : bare;
  if (plain.includes('?') && isQuestionSentence(plain.trim()) && !FORMULAIC.test(plain.trim())
    && !(next !== undefined && SELF_ANSWER.test(next.trim()))) return 'question';
  if (isRequest(plain)) return 'request';
  if (anyScan(CONCERN_SCANS, plain)) return 'concern';
  if (ACK.test(plain.trim())) return 'ack';
  return 'other';
}

/** One scan per flag set (one pass over the sentence instead of one per pattern). */
/**
 * Patterns merged into one regex per flag set (one pass over the sentence instead of one per pattern).
 * Case-insensitive ones (written in lower case) run without the flag on the lower-cased sentence:
 * V8 matches those much faster.
 */
interface Scan { re: RegExp; lower: boolean }

function scans(patterns: readonly RegExp[]): Scan[] {
  return [...new Set(patterns.map((re) => re.flags))].map((flags) => {
    const source = patterns.filter((re) => re.flags === flags).map((re) => `(?:${re.source})`).join('|');
    const lower = flags.includes('i');
    return { re: new RegExp(source, lower ? flags.replace('i', '') : flags), lower };
  });
}

function anyScan(list: readonly Scan[], sentence: string): boolean {
  let lowered: string | null = null;
  for (const { re, lower } of list) if (re.test(lower ? (lowered ??= sentence.toLowerCase()) : sentence)) return true;
  return false;
}
const REQUEST_SCANS = scans(REQUESTS);
const CONCERN_SCANS = scans(CONCERNS);

/** A conditional ack: "With that fixed, feel free to add my Reviewed-by", "Once this is addressed, you can add my Ack". */
const CONDITION = /\b(?:with|once|if|after) (?:that|this|those|these|the above|[\w()'-]+(?: [\w()'-]+){0,5}) (?:is |are |being )?(?:fixed|addressed|changed|updated|added|removed|dropped|resolved|sorted out|clarified|done|explained|split|squashed|folded in)\b/i;
const OFFERED_TAG = /\b(?:feel free to add|you can add|add my|acked-by|reviewed-by|my ack|my r-b|my rb)\b/i;

/** "With that addressed, feel free to add my Reviewed-by" / "... please add:": an ack waiting on other points. */
export function isConditionalAck(sentence: string): boolean {
  return CONDITION.test(sentence) && (OFFERED_TAG.test(sentence) || /\bplease add\b:?\s*$/i.test(sentence));
}

/**
 * A condition the sentence opens with ("If we ever want to ..., then ...", "IMHO, if you need X, ..."):
 * a modal in it sets a condition, it asks for nothing; the clause after the comma may still ask.
 */
const LEADING_CONDITION = /^(?:[\w']+,\s+)?(?:if|when|once|in case|as long as)\b[^,;:]{3,160},\s*/i;

/** A condition about some later day ("If in future we want ...", "If we ever support ..."): what follows is for then, not for this patch. */
const HYPOTHETICAL = /^(?:[\w']+,\s+)?(?:if|when|once|should)\b[^,;:]{0,60}?\b(?:in (?:the )?future|ever|someday|some day|one day|later on|eventually)\b[^,;:]{0,120},/i;

/** A sentence that asks the author to do something (or objects until something is done). */
export function isRequest(sentence: string): boolean {
  if (HYPOTHETICAL.test(sentence.trim())) return false;
  const s = sentence.trim().replace(LEADING_CONDITION, '');
  if (anyScan(REQUEST_SCANS, s) || isImperative(s) || BARE_IDENTIFIER.test(s)) return true;
  // An imperative after a clause: "Nothing reads this counter; drop it.", "It is unused, so drop it."
  for (const clause of s.split(/[;:]\s+|,\s+(?:so|then|and|just|better)\s+|\s+-+\s+/).slice(1)) if (isImperative(clause.trim())) return true;
  return OFFERED_TAG.test(s) && CONDITION.test(s);
}

/** A sentence that states a problem with the patch without asking. */
export function isConcern(sentence: string): boolean {
  return anyScan(CONCERN_SCANS, withoutAsides(sentence));
}

/** A comment that only agrees with what it quotes ("Yes, ...", "Agreed.", "+1"): no point of its own. */
const AGREEMENT_OPENING = /^(?:yes|yep|yeah|agreed|agree|right|exactly|indeed|correct|\+1|same here|i agree|true|absolutely|definitely)\b[,.!:]?/i;

export function opensWithAgreement(text: string): boolean {
  return AGREEMENT_OPENING.test(text.trim());
}

/** A comment that is only a name to use instead ("folio_get()"): several in a reply make one point. */
export function isBareIdentifier(paragraphs: readonly string[]): boolean {
  return paragraphs.length === 1 && BARE_IDENTIFIER.test(paragraphs[0]!.trim());
}

/** A maintainer's "Applied to ...", "Queued for ...": news, not review. */
const APPLIED = /^(?:applied|queued|merged|picked up|pushed|taken|added)\b[^.]{0,80}\b(?:to|into|in|for)\b/i;

/**
 * The comment's kind from its prose paragraphs: a question when a real question is asked, else a
 * request, else a concern; an ack when it only acks; chat otherwise.
 */
export function classifyComment(paragraphs: readonly string[], role: (sentence: string, next: string | undefined) => SentenceRole = sentenceRole): CommentClass & { sentences: string[] } {
  const sentences: string[] = [];
  for (const p of paragraphs) sentences.push(...splitSentences(p));
  // The first sentence that says anything ("..." marking cut text says nothing).
  const opening = sentences.map((x) => x.replace(/^[\s.…]+/, '')).find((x) => x !== '');
  if (opening !== undefined && APPLIED.test(opening)) return { kind: 'chat', asking: [], sentences };
  const asking: number[] = [];
  let question = false;
  let request = false;
  let concern = false;
  let ack = false;
  sentences.forEach((s, k) => {
    const r = role(s, sentences[k + 1]);
    if (r === 'question' || r === 'request' || r === 'concern') asking.push(k);
    question ||= r === 'question';
    request ||= r === 'request';
    concern ||= r === 'concern';
    ack ||= r === 'ack';
  });
  const kind: CommentKind = question ? 'question' : request ? 'request' : concern ? 'concern' : ack ? 'ack' : 'chat';
  return { kind, asking, sentences };
}
