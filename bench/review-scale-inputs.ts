// Synthetic review inputs for bench/review-scale-bench.ts (and test/review-scale.test.ts): one mail whose
// diff touches many small C files, or adds one C file of many small functions. Generated at run time.

const HEADER = (subject: string, id: string): string =>
  `From mboxrd@z Thu Jan  1 00:00:00 1970\n` +
  `From: Ada Author <ada@example.org>\n` +
  `To: linux-mm@kvack.org\n` +
  `Subject: [PATCH] ${subject}\n` +
  `Date: Mon, 1 Jan 2024 10:00:00 +0000\n` +
  `Message-ID: <${id}@example.org>\n\n` +
  `Generated for the review-scale bench.\n\nSigned-off-by: Ada Author <ada@example.org>\n---\n`;

const pad = (i: number): string => String(i).padStart(5, '0');

/**
 * A patch modifying `files` files mm/gen/fNNNNN.c: each hunk adds two lines to one of two small functions
 * (a lock taken and released, an allocation), and each file's function calls the previous file's. In every
 * fourth file the lock is held across a sleeping call (a finding of mm.lock.no-sleep-under-ptl).
 */
export function manyFilesMbox(files: number): string {
  const parts: string[] = [HEADER(`mm: gen: touch ${files} files`, `scale-files-${files}`)];
  for (let i = 0; i < files; i++) {
    const name = `mm/gen/f${pad(i)}.c`;
    const prev = i > 0 ? `gen_${pad(i - 1)}_a(x)` : 'x';
    const sleeps = i % 4 === 0;
    parts.push(
      `diff --git a/${name} b/${name}\n`,
      `index 1111111..2222222 100644\n`,
      `--- a/${name}\n+++ b/${name}\n`,
      `@@ -1,10 +1,${sleeps ? 13 : 12} @@\n`,
      ` static int gen_${pad(i)}_a(int x)\n`,
      ` {\n`,
      `+\tspin_lock(&gen_lock);\n`,
      sleeps ? `+\tmutex_lock(&gen_mutex);\n` : '',
      ` \tx = ${prev} + 1;\n`,
      `+\tspin_unlock(&gen_lock);\n`,
      ` \treturn x;\n`,
      ` }\n`,
      ` \n`,
      ` static void *gen_${pad(i)}_b(size_t n)\n`,
      ` {\n`,
      ` \treturn kmalloc(n, GFP_KERNEL);\n`,
      ` }\n`,
    );
  }
  parts.push('-- \n2.43.0\n\n');
  return parts.join('');
}

/** A patch adding one file, mm/gen/many.c, of `functions` small functions, each calling the one before. */
export function manyFunctionsMbox(functions: number): string {
  const body: string[] = [];
  for (let i = 0; i < functions; i++) {
    body.push(`+static int fn_${i}(int x)\n`, '+{\n', `+\treturn ${i > 0 ? `fn_${i - 1}(x)` : 'x'} + 1;\n`, '+}\n', '+\n');
  }
  const lines = functions * 5;
  return HEADER(`mm: gen: add ${functions} functions`, `scale-functions-${functions}`) +
    `diff --git a/mm/gen/many.c b/mm/gen/many.c\nnew file mode 100644\nindex 0000000..2222222\n` +
    `--- /dev/null\n+++ b/mm/gen/many.c\n@@ -0,0 +1,${lines} @@\n` + body.join('') + '-- \n2.43.0\n\n';
}
