/**
 * Every combination of gates, exhaustively (2^|GATES| sets, read off the registry so a new gate
 * doubles the sweep): on the toy curve each set must give the reference's answer for the same
 * case, plain points and a prepare() handle (so fixedBase's table path runs too). The other
 * property files draw gate sets at random; this one leaves no combination out.
 *
 * The case (points with known logs, scalars incl. adversarial classes, explicit window or the
 * engine's choice) is drawn by fast-check, so a failure shrinks the case and names the gate set.
 */
// The checks live in harness/checks/combinations.ts (run by the gate too); this file runs them under vitest.
import { CHECKS } from '../harness/checks/combinations.js';
import { runChecks } from './support/run-checks.js';

runChecks(CHECKS);
