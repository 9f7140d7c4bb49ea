import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseNumber, roundTo } from '../../../server/src/core/statistics/numbers';
import { findStatistics } from '../../../server/src/core/statistics/index';

test('parses the number forms writers use', () => {
  const cases: [string, number, number][] = [
    ['0.04', 0.04, 2], ['.04', 0.04, 2], ['0·001', 0.001, 3], ['1,024', 1024, 0], ['−0.5', -0.5, 1],
    ['-12', -12, 0], ['4 × 10^-4', 0.0004, 4], ['4×10⁻⁴', 0.0004, 4], ['4e-4', 0.0004, 4], ['1.5E-03', 0.0015, 4],
    ['10⁻⁵', 1e-5, 5], ['10^-8', 1e-8, 8], ['0,05', 0.05, 2], ['2.20', 2.2, 2],
  ];
  for (const [raw, value, decimals] of cases) {
    const n = parseNumber(raw);
    assert.ok(n, raw);
    assert.ok(Math.abs(n.value - value) < 1e-15, `${raw} → ${n.value}`);
    assert.equal(n.decimals, decimals, `${raw} decimals`);
  }
  assert.equal(parseNumber('abc'), undefined);
  assert.equal(parseNumber('1.2.3'), undefined);
});

test('roundTo rounds half away from zero at the given decimals', () => {
  assert.equal(roundTo(0.0365, 3), 0.037);
  assert.equal(roundTo(-0.125, 2), -0.13);
  assert.equal(roundTo(0.0449, 2), 0.04);
});

const SUP = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const sup = (n: number) => String(n).split('').map((d) => SUP[Number(d)]).join('');

/** Ways of writing the p-value mantissa·10^-exp the recogniser must accept. */
function formats(mantissa: number, exp: number): string[] {
  const m = String(mantissa);
  const decimal = (mantissa * Math.pow(10, -exp)).toFixed(exp + (m.includes('.') ? m.split('.')[1].length : 0));
  return [
    decimal,
    decimal.replace(/^0\./, '.'),
    decimal.replace('.', '·'),
    `${m} × 10^-${exp}`,
    `${m}×10⁻${sup(exp)}`,
    `${m} x 10-${exp}`,
    `${m}e-${exp}`,
    `${m}E-0${exp}`,
  ];
}

test('property: every p-value formatting the recogniser accepts round-trips to the same value', () => {
  fc.assert(fc.property(
    fc.integer({ min: 1, max: 99 }), fc.integer({ min: 0, max: 1 }), fc.integer({ min: 1, max: 6 }),
    fc.constantFrom('=', '<', '≤', '>'), fc.constantFrom('p', 'P', 'p-value'),
    (int, frac, exp, op, name) => {
      const mantissa = frac ? int / 10 : int % 10 || 1;
      const expected = mantissa * Math.pow(10, -exp);
      for (const written of formats(mantissa, exp)) {
        const sentence = `The result was significant (${name} ${op} ${written}).`;
        const ps = findStatistics(sentence, 0).filter((s) => s.kind === 'p');
        assert.equal(ps.length, 1, `${sentence} → ${JSON.stringify(ps)}`);
        assert.ok(Math.abs((ps[0].value as number) - expected) <= 1e-12 * expected, `${sentence}: ${ps[0].value} ≠ ${expected}`);
        assert.equal(ps[0].text, `${name} ${op} ${written}`);
      }
    }), { numRuns: 150 });
});

test('property: signed estimates and interval bounds round-trip (Unicode minus, thousands separators)', () => {
  fc.assert(fc.property(
    fc.integer({ min: -99999, max: 99999 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 5000 }),
    fc.constantFrom('−', '-'), fc.constantFrom('–', ' to ', '-'),
    (raw, decimals, width, minus, sep) => {
      const est = raw / Math.pow(10, decimals);
      const lo = est - width / Math.pow(10, decimals);
      const hi = est + width / Math.pow(10, decimals);
      const write = (x: number) => {
        const [i, f] = Math.abs(x).toFixed(decimals).split('.');
        const grouped = i.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
        return (x < 0 ? minus : '') + grouped + (f ? `.${f}` : '');
      };
      // A hyphen between two numbers needs spaces around it when the upper bound is negative.
      const s = sep === '-' && hi < 0 ? ' - ' : sep;
      const sentence = `The mean difference was ${write(est)} (95% CI ${write(lo)}${s}${write(hi)}).`;
      const stats = findStatistics(sentence, 0);
      const e = stats.find((x) => x.kind === 'effect');
      const ci = stats.find((x) => x.kind === 'ci');
      assert.ok(e && ci, `${sentence} → ${JSON.stringify(stats)}`);
      const eq = (a: unknown, b: number) => Math.abs((a as number) - b) < 1e-9 * Math.max(1, Math.abs(b));
      assert.ok(eq(e.value, est), `${sentence}: estimate ${e.value}`);
      assert.ok(eq(ci.lower, lo) && eq(ci.upper, hi), `${sentence}: ${ci.lower} ${ci.upper}`);
      assert.equal(ci.estimateId, e.id);
    }), { numRuns: 200 });
});

test('property: random text never throws and every statistic is an exact, in-range slice', () => {
  const pieces = fc.constantFrom('p', ' = ', '<', '0.', '.05', '95% CI', ' to ', '–', '−', '(', ')', '[', ', ', 't(', 'F(', 'χ²', 'HR ',
    'n = ', '%', ' of ', 'patients', 'weeks', '×10^', 'e-', '⁻⁵', 'ns', 'significant', 'no effect', '1,0', 'seventeen', ' ');
  const text = fc.oneof(fc.string({ maxLength: 200 }), fc.array(pieces, { maxLength: 40 }).map((a) => a.join('')),
    fc.array(fc.oneof(pieces, fc.integer({ min: 0, max: 999 }).map(String)), { maxLength: 60 }).map((a) => a.join('')));
  fc.assert(fc.property(text, fc.integer({ min: 0, max: 1000 }), (t, offset) => {
    const stats = findStatistics(t, offset);
    for (const s of stats) {
      assert.ok(s.start >= offset && s.end <= offset + t.length && s.start < s.end);
      assert.equal(t.slice(s.start - offset, s.end - offset), s.text);
    }
  }), { numRuns: 400 });
});

test('plain numbers starting with 10 are not powers of ten ("100" is 100, "105" is 105)', () => {
  assert.equal(parseNumber('100')?.value, 100);
  assert.equal(parseNumber('−100')?.value, -100);
  assert.equal(parseNumber('105')?.value, 105);
  assert.equal(parseNumber('1000')?.value, 1000);
  assert.equal(parseNumber('10^5')?.value, 1e5);
  assert.equal(parseNumber('10⁻⁵')?.value, 1e-5);
  const [ci] = findStatistics('The mean difference was −5 (95% CI −100–90).', 0).filter((s) => s.kind === 'ci');
  assert.equal(ci.lower, -100);
});
