/**
 * The medical specialisms a referral can be addressed to (issue 19): Vektis's AGB specialism codes, as nl-core
 * names a department's specialty. A leaf: the sending and the receiving side both use it, it uses neither.
 */
package nl.zorgbrug.bgz.specialism;
