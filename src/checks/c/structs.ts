// Struct definitions with function-pointer members, and designated
// initialisers of struct variables (ops tables such as vm_operations_struct).
import type Parser from 'tree-sitter';
import { collapse } from './calls.ts';
import { normaliseType, parseParams } from './functions.ts';
import type { Prepared } from './preprocess.ts';
import type { FnPointerField, OpsInitializer, StructDef } from './types.ts';

type Node = Parser.SyntaxNode;

const FN_FIELD = /^([\s\S]*?)\(\s*\*\s*(\w+)\s*\)\s*\(([\s\S]*)\)\s*;?\s*$/;

export function extractStructs(prep: Prepared, nodes: Node[]): StructDef[] {
  const out: StructDef[] = [];
  for (const node of nodes) {
    const body = node.childForFieldName('body');
    if (!body) continue;
    const nameNode = node.childForFieldName('name');
    const fnFields: FnPointerField[] = [];
    for (const field of members(body)) {
      if (field.endIndex - field.startIndex > 2000) continue;
      const text = collapse(prep.parseText.slice(field.startIndex, field.endIndex));
      const m = FN_FIELD.exec(text);
      if (!m) continue;
      fnFields.push({ field: m[2], line: prep.lines.lineOf(field.startIndex), returnType: normaliseType(m[1]), params: parseParams(m[3]) });
    }
    out.push({
      name: nameNode ? prep.parseText.slice(nameNode.startIndex, nameNode.endIndex) : '',
      line: prep.lines.lineOf(node.startIndex),
      endLine: prep.lines.lineOf(Math.max(node.startIndex, node.endIndex - 1)),
      fnFields,
    });
  }
  return out;
}

/** Field declarations of a struct body, including those inside #if blocks. */
function members(body: Node): Node[] {
  const out: Node[] = [];
  for (const child of body.namedChildren) {
    if (child.type === 'field_declaration') out.push(child);
    else if (child.type.startsWith('preproc_')) out.push(...members(child));
  }
  return out;
}

export function extractOpsInitializers(prep: Prepared, lists: Node[]): OpsInitializer[] {
  const out: OpsInitializer[] = [];
  for (const list of lists) {
    const init = list.parent;
    if (!init || init.type !== 'init_declarator') continue;
    const decl = init.parent;
    const type = decl?.childForFieldName('type');
    if (!decl || !type || type.type !== 'struct_specifier') continue;
    const structName = type.childForFieldName('name');
    const declarator = init.childForFieldName('declarator');
    if (!structName || !declarator) continue;
    const fields: OpsInitializer['fields'] = [];
    for (const pair of list.namedChildren) {
      if (pair.type !== 'initializer_pair') continue;
      const designator = pair.childForFieldName('designator');
      const value = pair.childForFieldName('value');
      if (!designator || !value || designator.type !== 'field_designator') continue;
      fields.push({
        field: prep.parseText.slice(designator.startIndex, designator.endIndex).replace(/^\.\s*/, ''),
        value: collapse(prep.parseText.slice(value.startIndex, value.endIndex)),
        line: prep.lines.lineOf(pair.startIndex),
      });
    }
    if (fields.length === 0) continue;
    out.push({
      struct: prep.parseText.slice(structName.startIndex, structName.endIndex),
      name: collapse(prep.parseText.slice(declarator.startIndex, declarator.endIndex)).replace(/^[*\s]+/, '').replace(/\s*\[.*$/, ''),
      line: prep.lines.lineOf(decl.startIndex),
      endLine: prep.lines.lineOf(Math.max(decl.startIndex, decl.endIndex - 1)),
      isStatic: /\bstatic\b/.test(prep.parseText.slice(decl.startIndex, list.startIndex)),
      fields,
    });
  }
  return out;
}
