/**
 * A unified diff of two texts (the changed lines and `context` lines around them), for dry runs
 * where Yeoman itself shows none (--dry-run with --force).
 */
export function unifiedDiff(file: string, before: string, after: string, context = 3): string {
  const a = before.split('\n');
  const b = after.split('\n');
  // the edits are local: only the part between the common head and tail needs a real diff
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  ) {
    tail++;
  }
  const middle = diffLines(a.slice(head, a.length - tail), b.slice(head, b.length - tail));
  const ops: Op[] = [
    ...a.slice(0, head).map((text): Op => ({ kind: ' ', text })),
    ...middle,
    ...a.slice(a.length - tail).map((text): Op => ({ kind: ' ', text })),
  ];
  if (!ops.some((op) => op.kind !== ' ')) return '';

  const lines = [`--- a/${file}`, `+++ b/${file}`];
  let index = 0;
  while (index < ops.length) {
    const change = ops.findIndex((op, at) => at >= index && op.kind !== ' ');
    if (change === -1) break;
    let start = Math.max(index, change - context);
    let end = change;
    // extend the hunk while the next change is within 2 * context lines
    for (let at = change; at < ops.length; at++) {
      if (ops[at]!.kind !== ' ') end = at;
      else if (at - end > 2 * context) break;
    }
    const stop = Math.min(ops.length, end + context + 1);
    start = Math.max(start, 0);
    const oldStart = ops.slice(0, start).filter((op) => op.kind !== '+').length + 1;
    const newStart = ops.slice(0, start).filter((op) => op.kind !== '-').length + 1;
    const hunk = ops.slice(start, stop);
    const oldCount = hunk.filter((op) => op.kind !== '+').length;
    const newCount = hunk.filter((op) => op.kind !== '-').length;
    lines.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`);
    for (const op of hunk) lines.push(`${op.kind}${op.text}`);
    index = stop;
  }
  return lines.join('\n');
}

interface Op {
  kind: ' ' | '-' | '+';
  text: string;
}

/** A longest-common-subsequence line diff. */
function diffLines(a: string[], b: string[]): Op[] {
  const lengths = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i]![j] =
        a[i] === b[j] ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ kind: ' ', text: a[i++]! });
      j++;
    } else if (i < a.length && (j === b.length || lengths[i + 1]![j]! >= lengths[i]![j + 1]!)) {
      ops.push({ kind: '-', text: a[i++]! });
    } else {
      ops.push({ kind: '+', text: b[j++]! });
    }
  }
  return ops;
}
