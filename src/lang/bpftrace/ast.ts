/**
 * The syntax tree of a bpftrace program (bpftrace's src/ast/ast.h is the model: Program, Probe,
 * AttachPoint, Predicate, statements and expressions), each node with its source span.
 */

/** a span in the script: 1-based line and column, `endCol` exclusive (as bpftrace's locations print) */
export interface Loc {
  line: number;
  col: number;
  endLine: number;
  endCol: number;
}

/** a type named in a cast, sizeof or offsetof: `uint32`, `struct task_struct *`, `char[16]` */
export interface TypeName {
  /** int8..uint64, 'struct X', 'union X', 'enum X', or a typedef/base name */
  base: string;
  /** pointer depth */
  ptr: number;
  /** array length (`uint8[4]`) */
  array?: number;
  loc: Loc;
}

export type Expr =
  | { kind: 'int'; value: bigint; loc: Loc }
  | { kind: 'str'; value: string; loc: Loc }
  | { kind: 'builtin'; name: string; loc: Loc }
  | { kind: 'ident'; name: string; loc: Loc }
  | { kind: 'var'; name: string; loc: Loc }
  | { kind: 'map'; name: string; keys: Expr[]; loc: Loc }
  | { kind: 'positional'; n: number; count: boolean; loc: Loc }
  | { kind: 'call'; name: string; args: Expr[]; loc: Loc }
  | { kind: 'binop'; op: BinOp; left: Expr; right: Expr; loc: Loc }
  | { kind: 'unop'; op: '!' | '~' | '-' | '*' | '&'; expr: Expr; loc: Loc }
  | { kind: 'incdec'; op: '++' | '--'; prefix: boolean; target: Expr; loc: Loc }
  | { kind: 'ternary'; cond: Expr; then: Expr; else: Expr; loc: Loc }
  | { kind: 'field'; expr: Expr; field: string; arrow: boolean; loc: Loc }
  | { kind: 'index'; expr: Expr; index: Expr; loc: Loc }
  | { kind: 'cast'; type: TypeName; expr: Expr; loc: Loc }
  | { kind: 'tuple'; elems: Expr[]; loc: Loc }
  | { kind: 'sizeof'; type?: TypeName; expr?: Expr; loc: Loc }
  | { kind: 'offsetof'; type: TypeName; field: string; loc: Loc };

export type BinOp = '+' | '-' | '*' | '/' | '%' | '&' | '|' | '^' | '<<' | '>>' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||';

export type Stmt =
  | { kind: 'expr'; expr: Expr; loc: Loc }
  | { kind: 'assign'; target: Expr; op?: BinOp; value: Expr; loc: Loc; opLoc: Loc }
  | { kind: 'if'; cond: Expr; then: Stmt[]; else?: Stmt[]; loc: Loc }
  | { kind: 'unroll'; count: number; body: Stmt[]; loc: Loc }
  | { kind: 'while'; cond: Expr; body: Stmt[]; loc: Loc }
  | { kind: 'jump'; what: 'break' | 'continue' | 'return'; loc: Loc };

export interface AttachPointText {
  text: string;
  loc: Loc;
}

export interface Probe {
  attachPoints: AttachPointText[];
  pred?: Expr;
  body: Stmt[];
  loc: Loc;
}

export interface Program {
  probes: Probe[];
  /** the source text (for carets under errors) and the name errors print (`stdin` for -e) */
  source: string;
  file: string;
  /** C struct/union definitions written in the script (cstruct.ts) */
  structs?: import('./cstruct.js').CStructDef[];
}
