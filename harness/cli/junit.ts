/** Minimal JUnit XML (the subset CI systems read: testsuites/testsuite/testcase/failure/skipped). */
export interface JUnitCase {
  name: string;
  classname: string;
  timeSec: number;
  failure?: { message: string; body: string };
  skipped?: string;
}

export interface JUnitSuite {
  name: string;
  cases: JUnitCase[];
  /** Wall time of the whole stage (default: the sum of its cases' times). */
  timeSec?: number;
}

// characters XML 1.0 cannot hold (a target's stderr may carry any): C0 controls, U+FFFE/U+FFFF, unpaired surrogates
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** The five XML entities escaped, the characters XML 1.0 forbids dropped. */
export function xmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => XML_ENTITIES[c] as string).replace(NOT_XML, '');
}

/** Seconds for a time attribute: milliseconds resolution, finer for a real duration under 1 ms (it must not read as 0). */
function secs(t: number): string {
  return t === 0 || t >= 0.0005 ? t.toFixed(3) : t.toFixed(6);
}

/**
 * The XML text. Times: a suite's `time` is its own `timeSec` (the stage's wall time) or the sum
 * of its cases; the root's is `o.timeSec` (the whole run) or the sum of the suites. A failure's
 * element text is its message, then its body: readers that show only the text still see why.
 */
export function toJUnit(name: string, suites: readonly JUnitSuite[], o: { timeSec?: number } = {}): string {
  const count = (s: JUnitSuite, f: (c: JUnitCase) => boolean) => s.cases.filter(f).length;
  const total = suites.reduce((a, s) => a + s.cases.length, 0);
  const failures = suites.reduce((a, s) => a + count(s, (c) => !!c.failure), 0);
  const suiteTime = (s: JUnitSuite) => s.timeSec ?? s.cases.reduce((b, c) => b + c.timeSec, 0);
  const time = o.timeSec ?? suites.reduce((a, s) => a + suiteTime(s), 0);
  const L = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="${xmlEscape(name)}" tests="${total}" failures="${failures}" time="${secs(time)}">`];
  for (const s of suites) {
    const t = suiteTime(s);
    L.push(
      `  <testsuite name="${xmlEscape(s.name)}" tests="${s.cases.length}" failures="${count(s, (c) => !!c.failure)}" skipped="${count(s, (c) => c.skipped !== undefined)}" errors="0" time="${secs(t)}">`
    );
    for (const c of s.cases) {
      const head = `    <testcase name="${xmlEscape(c.name)}" classname="${xmlEscape(c.classname)}" time="${secs(c.timeSec)}"`;
      if (c.failure) {
        const text = c.failure.body ? `${c.failure.message}\n\n${c.failure.body}` : c.failure.message;
        L.push(`${head}>`, `      <failure message="${xmlEscape(c.failure.message)}">${xmlEscape(text)}</failure>`, '    </testcase>');
      } else if (c.skipped !== undefined) L.push(`${head}>`, `      <skipped message="${xmlEscape(c.skipped)}"/>`, '    </testcase>');
      else L.push(`${head}/>`);
    }
    L.push('  </testsuite>');
  }
  L.push('</testsuites>');
  return L.join('\n') + '\n';
}
