// The control-flow graph of one C function: nodes carrying call events in evaluation order, and paths through it.
import type { CallSite } from '../c/types.ts';

/**
 * entry / exit: one of each per function. call: one call event (arguments were evaluated by the nodes
 * before it). return: a `return` statement, whose only successor is exit. point: a join, branch or label.
 */
export type FlowNodeKind = 'entry' | 'exit' | 'call' | 'return' | 'point';

export interface FlowNode {
  id: number;
  kind: FlowNodeKind;
  /** Source line of the call, statement or label (1-based, file lines when built with a line offset); 0 for a join. */
  line: number;
  /** The call of a `call` node. */
  call?: CallSite;
  /** Created for a construct the parser did not understand (an ERROR node): its calls may or may not run. */
  unsure?: boolean;
  succ: number[];
  pred: number[];
}

export interface FunctionFlow {
  name: string;
  startLine: number;
  endLine: number;
  /** nodes[id].id === id; entry and exit are fixed. */
  nodes: FlowNode[];
  entry: 0;
  exit: 1;
  /** Node ids of the call nodes, in text order. */
  calls: number[];
  /** Constructs modelled conservatively (ERROR nodes inside the body). */
  unsure: number;
  /** Calls in #if branches the parser never saw (brace-unbalanced groups): not placed in the graph. */
  unplaced: CallSite[];
}

/** A path through a flow: its node ids and the source lines they stand on (consecutive repeats dropped). */
export interface FlowPath {
  nodes: number[];
  lines: number[];
}

export type CallPredicate = (call: CallSite) => boolean;
