/**
 * options.gates is typed by the registry: `GateId` is the union of the registered gate names
 * (each step file declares its id as `Step<'name'>`), so an options literal naming an unknown
 * gate does not compile — `npm run typecheck` checks the `@ts-expect-error` lines below — and,
 * from plain JavaScript, throws a RangeError listing the known gates.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { G1, GATE_IDS, GATES, msm, type GateId, type GatesOption, type MsmOptions } from '../src/index.js';

describe('the gates option type', () => {
  it('GateId is the union of the registered names, not string (every step file declares its literal id)', () => {
    expectTypeOf<GateId>().not.toEqualTypeOf<string>();
    expectTypeOf<'glv' | 'wasmField'>().toMatchTypeOf<GateId>();
    expectTypeOf<'noSuchGate'>().not.toMatchTypeOf<GateId>();
    // the runtime list and the type name the same gates: every registered id is accepted by the record type
    const record: Partial<Record<GateId, boolean>> = Object.fromEntries(GATE_IDS.map((id) => [id, true]));
    expect(Object.keys(record)).toEqual(GATES.map((g) => g.id));
    expect(msm([G1.BASE], [3n], { gates: record }).equals(G1.BASE.multiply(3n))).toBe(true);
  });

  it('an unknown gate name in an options literal is a compile-time error and a RangeError at run time', () => {
    const P = [G1.BASE];
    // @ts-expect-error: 'noSuchGate' is not a registered gate ('lazyReduction', the docs' new-step example, may become one)
    expect(() => msm(P, [1n], { gates: { noSuchGate: true } })).toThrow(/options\.gates: unknown gate "noSuchGate": known gates are/);
    // @ts-expect-error: a misspelt gate
    const typo: GatesOption = { glvv: true };
    expect(() => msm(P, [1n], { gates: typo })).toThrow(RangeError);
    // @ts-expect-error: not a preset
    const preset: MsmOptions = { gates: 'some' };
    expect(() => msm(P, [1n], preset)).toThrow(RangeError);
    // known names and the presets compile
    const ok: MsmOptions[] = [{ gates: { glv: false, skipZero: true } }, { gates: 'none' }, { gates: 'all' }, { gates: 'default' }, {}];
    for (const o of ok) expect(msm(P, [5n], o).equals(G1.BASE.multiply(5n))).toBe(true);
  });
});
