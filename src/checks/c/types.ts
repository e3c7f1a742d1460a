// What the C analysis extracts from one file (or from the visible part of one).

export interface CallSite {
  /** Callee identifier; for calls through an expression, its text ("ops->fault"). */
  name: string;
  /** 1-based line and 0-based column of the callee's first character. */
  line: number;
  col: number;
  /** Character offset of the callee into the analysed text (orders calls within a file). */
  offset: number;
  /** Argument texts, whitespace-collapsed. */
  args: string[];
  /** CONFIG_ symbols whose #if encloses the call ("!CONFIG_X" inside the off branch). */
  guardedBy: string[];
  /** Called through a pointer or expression rather than by name. */
  indirect: boolean;
  /** Found by the lexical fallback (inside an ERROR node or a hidden #if branch). */
  fallback: boolean;
}

export interface Param {
  name: string;
  /** Type text with the name removed, normalised: "struct folio **", "pte_t *". */
  type: string;
}

export interface CFunction {
  name: string;
  /** First line of the definition (return type) and the line of its closing brace. */
  startLine: number;
  endLine: number;
  /** Line of the opening brace of the body. */
  bodyLine: number;
  startOffset: number;
  endOffset: number;
  params: Param[];
  /** Calls inside the body, in text order. */
  calls: CallSite[];
  isStatic: boolean;
  /** The definition's original text. */
  text: string;
  /** Config guards around the whole definition. */
  guardedBy: string[];
}

export interface FnPointerField {
  field: string;
  line: number;
  returnType: string;
  params: Param[];
}

export interface StructDef {
  name: string;
  line: number;
  endLine: number;
  /** Function-pointer members only. */
  fnFields: FnPointerField[];
}

export interface OpsInitializer {
  /** Struct type name ("vm_operations_struct"). */
  struct: string;
  /** Variable name. */
  name: string;
  line: number;
  endLine: number;
  isStatic: boolean;
  fields: { field: string; value: string; line: number }[];
}

export interface MacroDefine {
  name: string;
  value: string;
  line: number;
  functionLike: boolean;
  /** The value is an _IO/_IOR/_IOW/_IOWR ioctl number. */
  isIoctl: boolean;
}

export interface CFileAnalysis {
  functions: CFunction[];
  /** Every call in the text (inside functions or not), in text order. */
  calls: CallSite[];
  structs: StructDef[];
  opsInitializers: OpsInitializer[];
  defines: MacroDefine[];
  exports: { name: string; line: number }[];
  /** #if/#ifdef/#ifndef/#elif directives naming each CONFIG_ symbol. */
  ifdefCounts: Record<string, number>;
  /** ERROR nodes left in the tree after preprocessing. */
  errorNodes: number;
  lineCount: number;
}
